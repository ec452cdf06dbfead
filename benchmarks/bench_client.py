"""The generated client's hot path, on the seed's examples (the spec's ``page`` examples).

    python benchmarks/bench_client.py [--rounds 15] [--number 2000]

Prints, side by side:

- parsing the response example as the client does (``parse_body``: the model's
  ``model_validate_json`` in the response context) against ``TypeAdapter(dict)
  .validate_json`` on the same bytes, and their ratio;
- building a request from the request example as ``update_campaign`` does before sending:
  checking the path parameter and validating the body (``UpdateCampaignRequest`` from a
  mapping), then encoding it (``model_dump``, JSON, headers); and, for scale, httpx's own
  ``build_request`` that each attempt then makes of it.

The operations run round-robin (each round times every one), so a change in the
machine's speed affects them all alike; figures are medians over the rounds.  Nothing is
sent over the network.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pydantic
import yaml
from pydantic import TypeAdapter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "generated"))

from carecycle import Client
from carecycle._auth import apply_security
from carecycle._config import SCHEMES
from carecycle._endpoint import json_body
from carecycle._responses import parse_body
from carecycle.api.campaigns import _update_campaign_request
from carecycle.models import UpdateCampaignRequest, UpdateCampaignResponse

CAMPAIGN_ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"


def examples() -> tuple[bytes, dict[str, object]]:
    spec = yaml.safe_load((ROOT / "spec" / "openapi.yaml").read_text(encoding="utf-8"))
    operation = spec["paths"]["/v2/campaigns/{campaignId}"]["patch"]
    response = operation["responses"]["200"]["content"]["application/json"]
    request = operation["requestBody"]["content"]["application/json"]
    return (
        json.dumps(response["examples"]["page"]["value"]).encode(),
        request["examples"]["page"]["value"],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--number", type=int, default=2000, help="calls per timing")
    args = parser.parse_args()

    response_bytes, request_example = examples()
    as_dict = TypeAdapter(dict)
    client = Client("cc_bench", base_url="http://127.0.0.1:9")
    model = UpdateCampaignRequest.model_validate(request_example)

    def wire(body: object) -> Any:
        """What ``send`` makes of the request before its first attempt."""
        request = _update_campaign_request(CAMPAIGN_ID, body)  # type: ignore[arg-type]
        applied = apply_security(request.security, SCHEMES, client._credentials)
        return client._outgoing(request, applied, None, None, None)

    outgoing = wire(model)

    parsed, errors = parse_body(UpdateCampaignResponse, response_bytes)
    assert errors == () and isinstance(parsed, UpdateCampaignResponse), errors

    operations: dict[str, Callable[[], object]] = {
        "dict": lambda: as_dict.validate_json(response_bytes),
        "parse": lambda: parse_body(UpdateCampaignResponse, response_bytes),
        "validate": lambda: UpdateCampaignRequest.model_validate(request_example),
        "encode": lambda: wire(model),
        "build": lambda: wire(request_example),
        "dump": lambda: json_body(UpdateCampaignRequest, model),
        "httpx": lambda: client._build(outgoing, None, for_async=False),
    }
    times: dict[str, list[float]] = {name: [] for name in operations}
    for _ in range(args.rounds):
        for name, operation in operations.items():
            times[name].append(timeit.timeit(operation, number=args.number) / args.number)
    micro = {name: statistics.median(values) * 1e6 for name, values in times.items()}
    client.close()

    rows = [
        (f"parse the response example ({len(response_bytes):,} bytes)", None),
        ("TypeAdapter(dict).validate_json", "dict"),
        ("UpdateCampaignResponse, as the client parses it", "parse"),
        ("build a request from the request example", None),
        ("validate the body (UpdateCampaignRequest)", "validate"),
        ("model_dump of the validated body", "dump"),
        ("path, body and wire bytes, from a model", "encode"),
        ("path, body and wire bytes, from a mapping", "build"),
        ("httpx's build_request of those (each attempt)", "httpx"),
    ]
    print(
        f"pydantic {pydantic.VERSION}, Python {sys.version.split()[0]}; "
        f"median of {args.rounds} rounds of {args.number} calls"
    )
    print(f"{'':50} {'us/call':>8} {'x dict':>7}")
    for label, name in rows:
        if name is None:
            print(label)
        else:
            print(f"  {label:48} {micro[name]:8.1f} {micro[name] / micro['dict']:6.2f}x")
    print("(x dict: to TypeAdapter(dict).validate_json of the response example)")


if __name__ == "__main__":
    main()
