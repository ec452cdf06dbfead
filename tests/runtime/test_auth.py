"""Security: choosing an alternative, sending only its credentials, token callables,
and keeping every credential out of reprs, messages and logs."""

from __future__ import annotations

import base64
import logging
from urllib.parse import unquote

import pytest

from generator.runtime._auth import (
    ApiKey,
    Applied,
    HttpBasic,
    HttpBearer,
    OAuth2,
    OpenIdConnect,
    apply_security,
    apply_security_async,
    check_credentials,
    credentials_from_env,
)
from generator.runtime._params import cookie_header, query_string
from generator.runtime.errors import APIError, MissingAPIKeyError, MissingCredentialsError

# Recognisable secrets: none may ever show up where it isn't sent.
API_KEY = "cc_live_SECRETKEY_5f1e2d"
APP_ID = "app_SECRET_APPID_77aa"
TOKEN = "tok_SECRET_BEARER_9a8b"
PASSWORD = "pw_SECRET_BASIC_31c4"
SECRETS = (API_KEY, APP_ID, TOKEN, PASSWORD)

SCHEMES = {
    "apiKey": ApiKey("header", "x-api-key", prefix="cc_", env="CARECYCLE_API_KEY"),
    "appId": ApiKey("query", "app_id", argument="app_id"),
    "session": ApiKey("cookie", "session", argument="session"),
    "bearer": HttpBearer(env="CARECYCLE_TOKEN"),
    "oauth": OAuth2(argument="access_token"),
    "oidc": OpenIdConnect(argument="id_token"),
    "basic": HttpBasic(),
}


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


# ------------------------------------------------------------------ where they go


def test_each_scheme_puts_its_credential_where_the_spec_says():
    credentials = {
        "apiKey": API_KEY,
        "appId": "a b/+=",
        "session": "s3ss+/=",
        "bearer": TOKEN,
        "basic": ("alice", PASSWORD),
    }
    applied = apply_security(
        [["apiKey", "appId", "session"], ["bearer"], ["basic"]], SCHEMES, credentials
    )
    assert applied.schemes == ("apiKey", "appId", "session")
    assert applied.headers == {"x-api-key": API_KEY}
    assert query_string(applied.query) == "app_id=a%20b%2F%2B%3D"
    assert unquote(applied.query[0][1]) == "a b/+="
    assert cookie_header(applied.cookies) == "session=s3ss+/="
    bearer = apply_security([["bearer"]], SCHEMES, credentials)
    assert bearer.headers == {"Authorization": f"Bearer {TOKEN}"}
    assert apply_security([["basic"]], SCHEMES, credentials).headers == {
        "Authorization": basic("alice", PASSWORD)
    }
    for key in ("oauth", "oidc"):
        assert apply_security([[key]], SCHEMES, {key: TOKEN}).headers == {
            "Authorization": f"Bearer {TOKEN}"
        }


def test_an_operation_without_security_sends_nothing():
    applied = apply_security([], SCHEMES, {"apiKey": API_KEY, "bearer": TOKEN})
    assert (applied.headers, applied.query, applied.cookies, applied.schemes) == ({}, [], [], ())


# ---------------------------------------------------------------- which alternative


def test_the_first_alternative_that_can_be_met_is_used_and_only_it_is_sent():
    requirements = [["bearer"], ["apiKey", "appId"], ["apiKey"]]
    both = {"bearer": TOKEN, "apiKey": API_KEY, "appId": APP_ID}
    applied = apply_security(requirements, SCHEMES, both)
    assert applied.schemes == ("bearer",)
    assert applied.headers == {"Authorization": f"Bearer {TOKEN}"}
    assert applied.query == [] and applied.cookies == []
    # No token: the pair, not the key alone, and not the token header.
    applied = apply_security(requirements, SCHEMES, {"apiKey": API_KEY, "appId": APP_ID})
    assert applied.schemes == ("apiKey", "appId")
    # Half of the pair: the next alternative; the app id is not sent.
    applied = apply_security(requirements, SCHEMES, {"apiKey": API_KEY, "session": "s"})
    assert applied.schemes == ("apiKey",)
    assert applied.headers == {"x-api-key": API_KEY} and applied.query == []


def test_anonymous_is_used_only_when_nothing_else_can_be_met():
    requirements = [[], ["apiKey"]]
    assert apply_security(requirements, SCHEMES, {"apiKey": API_KEY}).schemes == ("apiKey",)
    anonymous = apply_security(requirements, SCHEMES, {"bearer": TOKEN})
    assert anonymous.schemes == () and anonymous.headers == {}


@pytest.mark.parametrize("absent", [None, "", ()])
def test_empty_credentials_are_absent(absent):
    with pytest.raises(MissingCredentialsError):
        apply_security([["apiKey"]], SCHEMES, {"apiKey": absent})


def test_missing_credentials_say_what_to_pass():
    with pytest.raises(MissingCredentialsError) as info:
        apply_security([["bearer"], ["apiKey", "appId"]], SCHEMES, {"appId": APP_ID})
    message = str(info.value)
    assert message == (
        "no credentials for this call: pass token=... (or set CARECYCLE_TOKEN); or "
        "api_key=... (or set CARECYCLE_API_KEY) and app_id=..."
    )
    assert isinstance(info.value, APIError)
    assert issubclass(MissingAPIKeyError, MissingCredentialsError)


def test_requirements_naming_no_scheme_are_a_generator_bug():
    with pytest.raises(ValueError, match="no scheme 'nope'"):
        apply_security([["nope"]], SCHEMES, {})


def test_two_schemes_cannot_both_set_one_header():
    with pytest.raises(ValueError, match="both set Authorization"):
        apply_security([["bearer", "basic"]], SCHEMES, {"bearer": TOKEN, "basic": ("a", "b")})
    twin = {"a": ApiKey("header", "X-Key"), "b": ApiKey("header", "x-key")}
    with pytest.raises(ValueError, match="both set x-key"):
        apply_security([["a", "b"]], twin, {"a": "1", "b": "2"})


# ------------------------------------------------------------------ token callables


def test_a_token_callable_is_called_for_every_request():
    tokens = iter(["tok_1", "tok_2"])
    credentials = {"bearer": lambda: next(tokens)}
    first = apply_security([["bearer"]], SCHEMES, credentials)
    second = apply_security([["bearer"]], SCHEMES, credentials)
    assert first.headers["Authorization"] == "Bearer tok_1"
    assert second.headers["Authorization"] == "Bearer tok_2"


def test_a_token_callable_is_called_only_for_an_alternative_it_can_complete():
    calls = []

    def token() -> str:
        calls.append(1)
        return TOKEN

    # Its partner is missing: not called; an earlier alternative met: not called.
    apply_security([["oauth", "appId"], ["apiKey"]], SCHEMES, {"oauth": token, "apiKey": API_KEY})
    apply_security([["apiKey"], ["oauth"]], SCHEMES, {"oauth": token, "apiKey": API_KEY})
    assert calls == []


def test_a_token_callable_returning_nothing_falls_through_to_the_next_alternative():
    applied = apply_security(
        [["oauth"], ["apiKey"]], SCHEMES, {"oauth": lambda: None, "apiKey": API_KEY}
    )
    assert applied.schemes == ("apiKey",)
    with pytest.raises(MissingCredentialsError, match="access_token returned none"):
        apply_security([["oauth"]], SCHEMES, {"oauth": lambda: ""})


def test_the_sync_client_refuses_an_async_token_callable():
    async def token() -> str:
        return TOKEN

    with pytest.raises(TypeError, match="use AsyncClient"):
        apply_security([["bearer"]], SCHEMES, {"bearer": token})  # no "never awaited"


async def test_the_async_client_awaits_async_token_callables_and_calls_sync_ones():
    async def token() -> str:
        return TOKEN

    applied = await apply_security_async([["bearer"]], SCHEMES, {"bearer": token})
    assert applied.headers == {"Authorization": f"Bearer {TOKEN}"}
    applied = await apply_security_async([["oauth"]], SCHEMES, {"oauth": lambda: "sync"})
    assert applied.headers == {"Authorization": "Bearer sync"}

    async def none() -> None:
        return None

    applied = await apply_security_async(
        [["bearer"], []], SCHEMES, {"bearer": none, "apiKey": API_KEY}
    )
    assert applied.schemes == ()


def test_a_basic_credential_cannot_be_a_callable():
    with pytest.raises(TypeError, match="cannot be a callable"):
        apply_security([["basic"]], SCHEMES, {"basic": lambda: ("a", "b")})


# --------------------------------------------------------------- what cannot be sent


@pytest.mark.parametrize(
    ("scheme", "credential", "match"),
    [
        ("apiKey", f"{API_KEY}\r\nX-Injected: 1", "line break"),
        ("bearer", f"{TOKEN}\n", "line break"),
        ("bearer", f"{TOKEN}é", "U\\+00E9"),
        ("session", f"{API_KEY}; admin=1", "cookie-octets"),
        ("session", f'"{API_KEY}"', "cookie-octets"),
        ("basic", (f"alice:{PASSWORD}", PASSWORD), "cannot hold ':'"),
        ("basic", (PASSWORD,), "pair"),
        ("apiKey", 42, "must be a str"),
    ],
)
def test_credentials_no_header_can_carry_are_refused_without_quoting_them(
    scheme, credential, match
):
    with pytest.raises((ValueError, TypeError), match=match) as info:
        apply_security([[scheme]], SCHEMES, {scheme: credential})
    assert_no_secret(str(info.value), repr(info.value))
    with pytest.raises((ValueError, TypeError), match=match):
        check_credentials(SCHEMES, {scheme: credential})


def test_a_password_may_hold_anything_base64_carries():
    applied = apply_security([["basic"]], SCHEMES, {"basic": ("alice", "p:w\n é")})
    assert applied.headers["Authorization"] == basic("alice", "p:w\n é")


def test_scheme_descriptions_are_checked():
    with pytest.raises(ValueError, match="header, query or cookie"):
        ApiKey("body", "x")  # type: ignore[arg-type]
    for bad in ("", "x key", "x\r\nY"):
        with pytest.raises(ValueError, match="cannot name"):
            ApiKey("header", bad)
    assert ApiKey("query", "api key").name == "api key"  # percent-encoded when sent


# ---------------------------------------------------------- the client's constructor


def test_check_credentials_warns_about_a_key_without_its_prefix():
    with pytest.warns(UserWarning, match="does not start with 'cc_'"):
        check_credentials(SCHEMES, {"apiKey": "sk_123"})
    check_credentials(SCHEMES, {"apiKey": API_KEY, "bearer": lambda: TOKEN, "oauth": None})
    with pytest.raises(TypeError, match="pair"):
        check_credentials(SCHEMES, {"basic": lambda: ("a", "b")})
    with pytest.raises(ValueError, match="no security scheme"):
        check_credentials(SCHEMES, {"nope": "x"})


def test_credentials_from_env_fills_only_what_is_absent():
    environ = {"CARECYCLE_API_KEY": "from_env", "CARECYCLE_TOKEN": ""}
    filled = credentials_from_env(SCHEMES, {"bearer": None}, environ)
    assert filled == {"bearer": None, "apiKey": "from_env"}
    assert credentials_from_env(SCHEMES, {"apiKey": API_KEY}, environ) == {"apiKey": API_KEY}


# -------------------------------------------------------------------------- secrecy


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in text, f"a credential leaks: {text!r}"


def test_no_credential_shows_in_reprs_messages_or_logs(caplog):
    caplog.set_level(logging.DEBUG)
    credentials = {
        "apiKey": API_KEY,
        "appId": APP_ID,
        "session": API_KEY,
        "bearer": lambda: TOKEN,
        "basic": ("alice", PASSWORD),
    }
    shown: list[str] = []
    for requirement in (["apiKey", "appId"], ["session"], ["bearer"], ["basic"]):
        applied = apply_security([requirement], SCHEMES, credentials)
        sent = " ".join(
            [*applied.headers.values(), *(v for _, v in applied.query + applied.cookies)]
        )
        assert API_KEY in sent or TOKEN in sent or APP_ID in sent or "Basic" in sent
        shown += [repr(applied), str(applied)]
    failures = [
        lambda: apply_security([["apiKey"]], SCHEMES, {"apiKey": API_KEY + "\n"}),
        lambda: apply_security([["session"]], SCHEMES, {"session": API_KEY + ";"}),
        lambda: apply_security([["basic"]], SCHEMES, {"basic": (PASSWORD + ":", PASSWORD)}),
        lambda: apply_security([["bearer"]], SCHEMES, {"bearer": lambda: TOKEN + "\r\n"}),
        lambda: apply_security([["bearer"]], SCHEMES, {"bearer": lambda: 42}),
        lambda: apply_security([["oauth"], ["apiKey", "appId"]], SCHEMES, {"appId": APP_ID}),
        lambda: check_credentials(SCHEMES, {"apiKey": API_KEY + "\x00"}),
    ]
    for failure in failures:
        with pytest.raises((ValueError, TypeError, MissingCredentialsError)) as info:
            failure()
        error: BaseException | None = info.value
        while error is not None:
            shown += [str(error), repr(error)]
            error = error.__cause__ or error.__context__
    shown += [repr(scheme) for scheme in SCHEMES.values()]
    shown += [record.getMessage() for record in caplog.records]
    assert_no_secret(*shown)
    assert repr(Applied()) == "Applied(schemes=(), headers=[], query=[], cookies=[])"
    assert repr(apply_security([["apiKey"]], SCHEMES, credentials)) == (
        "Applied(schemes=('apiKey',), headers=['x-api-key'], query=[], cookies=[])"
    )
