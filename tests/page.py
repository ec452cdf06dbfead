"""Facts of the reference page (shared/seed/patch-campaign.txt), written down by hand so
the tests need nothing outside the repository: the request body's fields and the
documented status values."""

PAGE_REQUEST_FIELDS = {
    "name",
    "description",
    "status",
    "redial",
    "redialPatterns",
    "smsTypes",
    "smsContent",
    "features",
    "enablePulse",
    "pulseWorkflowId",
    "transferConfigId",
    "appointmentConfigId",
    "smsCompanyName",
    "transferConfigIds",
}
PAGE_STATUS_VALUES = [
    "draft",
    "active",
    "paused",
    "completed",
    "archived",
    "inactive",
    "cancelled",
    "testing",
]
