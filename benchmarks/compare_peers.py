"""Measure clientgen, openapi-python-client and openapi-generator on the construct corpus.

    make peers                                   # .venv/peers: both peers, at pinned versions
    .venv/bin/python benchmarks/compare_peers.py # writes docs/constructs.md, and its
                                                 # summary into README.md
    .venv/bin/python benchmarks/compare_peers.py --peer clientgen  # its column alone

clientgen's column is its own behaviour test, tests/client/test_corpus_calls.py, run
here once (about half a minute) with its JUnit XML read back: a call is right when its
sync and its async test cases both passed. Its operations are found
in the committed clients (tests/corpus/<construct>/expected/), by method and path as for
the peers.

For every spec under tests/corpus/ it runs both peers, then records per construct:

* **generated**: how many of the spec's operations have a function in the output (found
  by method and path in the generated source, whatever the function is called);
* **imports**: whether every module of the generated package imports;
* **wire**: for each example call of the construct's calls.yaml, the call made through
  the generated client with a little generic glue (below), the request checked by
  tests/openapi_server.py (openapi-core and the wire check) and compared with the exact
  request calls.yaml expects (``expectation_mismatches``).

The glue calls the generated function the way its README says a user would: arguments
matched to the function's parameters by name (case and ``_`` ignored), mappings turned
into the generated models (pydantic's ``model_validate`` for openapi-generator's, as
its constructor would; ``from_dict`` for openapi-python-client's), dates, enums and uuids into their
Python types, files as the generator's file type, credentials the way the generated
client takes them (openapi-python-client: ``AuthenticatedClient(token=...)`` for bearer
tokens, ``Client(headers=..., cookies=...)`` for API keys, as its README shows; nothing
for basic auth or query keys, which it has no support for; openapi-generator: its
``Configuration``). A call the glue cannot make (no function, a parameter it cannot fill,
an exception before anything is sent) counts as "not sent", never as correct.

It installs nothing: ``make peers`` makes the venv. The glue runs in that venv's Python
(``--glue``), the server and the checks in this one.
"""

from __future__ import annotations

import argparse
import ast
import base64
import collections
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
PEERS = ROOT / ".venv" / "peers"
PEERS_PY = PEERS / "bin" / "python"
VENV_PY = ROOT / ".venv" / "bin" / "python"
OUT = ROOT / "docs" / "constructs.md"
CLIENTGEN = "clientgen"
OPC = "openapi-python-client"
OGEN = "openapi-generator"
COLUMNS = (CLIENTGEN, OPC, OGEN)
BEHAVIOUR_TEST = "tests/client/test_corpus_calls.py"
BEHAVIOUR_CASE = "test_every_corpus_call_sends_what_the_spec_says_and_returns_its_answer"


def snake(name: str) -> str:
    name = re.sub(r"[^0-9A-Za-z]+", "_", name)
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    return name.strip("_").lower()


def norm(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


# --------------------------------------------------------------------------- the glue
# Runs in the peers' venv: only the standard library and the generated package.


def _unwrap(annotation: Any) -> list[Any]:
    """The types a parameter annotation allows, Optional/Union/Annotated undone."""
    import typing

    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        out = []
        for arg in typing.get_args(annotation):
            out += _unwrap(arg)
        return out
    return [annotation]


_NO_MATCH: Any = object()


def _convert(value: Any, annotation: Any, file_type: Any = None) -> Any:
    """A calls.yaml value as the Python value a generated parameter of ``annotation``
    takes."""
    if value is None:
        return None
    if _is_file(value):
        return _convert_file(value, file_type)
    for kind in _unwrap(annotation):
        converted = _convert_container(value, kind, file_type)
        if converted is _NO_MATCH and isinstance(kind, type):
            converted = _convert_scalar(value, kind, file_type)
        if converted is not _NO_MATCH:
            return converted
    return value


def _convert_file(value: dict[str, Any], file_type: Any) -> Any:
    import io

    data = _file_bytes(value)
    if file_type is not None:
        return file_type(
            payload=io.BytesIO(data),
            file_name=value.get("filename"),
            mime_type=value.get("content_type"),
        )
    return (value["filename"], data) if value.get("filename") else data


def _convert_container(value: Any, kind: Any, file_type: Any) -> Any:
    import typing

    origin = typing.get_origin(kind)
    if origin in (list, typing.List) and isinstance(value, list):  # noqa: UP006
        (item,) = typing.get_args(kind) or (Any,)
        return [_convert(v, item, file_type) for v in value]
    if origin in (dict, typing.Dict) and isinstance(value, dict):  # noqa: UP006
        args = typing.get_args(kind)
        item = args[1] if len(args) == 2 else Any
        return {k: _convert(v, item, file_type) for k, v in value.items()}
    return _NO_MATCH


def _convert_scalar(value: Any, kind: type, file_type: Any) -> Any:
    import enum
    import uuid

    if issubclass(kind, enum.Enum):
        try:
            return kind(value)
        except ValueError:
            return _NO_MATCH
    parsers = {
        dt.datetime: dt.datetime.fromisoformat,
        dt.date: dt.date.fromisoformat,
        uuid.UUID: uuid.UUID,
    }
    if kind in parsers and isinstance(value, str):
        return parsers[kind](value)
    if hasattr(kind, "from_dict") and isinstance(value, (dict, list)):
        return _from_dict(kind, value, file_type)
    return _NO_MATCH


def _from_dict(model: Any, value: Any, file_type: Any) -> Any:
    """``model.from_dict``, with file fields set afterwards as the generator's file type
    (openapi-python-client's from_dict would wrap bytes without a name or type)."""
    files = {}
    if isinstance(value, dict):
        files = {k: v for k, v in value.items() if _is_file(v)}
        value = {k: (_file_bytes(v) if k in files else v) for k, v in value.items()}
    # A pydantic model (openapi-generator's) as if built with its constructor: the
    # fields given, and only those, count as set (from_dict sets every field).
    validate = getattr(model, "model_validate", None)
    made = validate(value) if validate is not None else model.from_dict(value)
    for key, raw in files.items():
        attribute = (
            next((a for a in vars(made) if norm(a.lstrip("_")) == norm(key)), snake(key))
            if hasattr(made, "__dict__")
            else snake(key)
        )
        converted = _convert(raw, None, file_type)
        try:
            setattr(made, attribute, converted)
        except (AttributeError, ValueError):
            setattr(made, snake(key), converted)
    return made


class Unmeasured(Exception):
    """A call the generic glue cannot make for want of generator-specific knowledge."""


def _call_media(call: dict[str, Any]) -> str | None:
    headers = {k.lower(): v for k, v in (call["request"].get("headers") or {}).items()}
    return headers.get("content-type")


def _is_file(value: Any) -> bool:
    """calls.yaml's files: {base64 or text, filename?, content_type?}."""
    if not isinstance(value, dict) or not value:
        return False
    keys = set(value)
    return keys <= {"base64", "text", "filename", "content_type"} and bool(
        keys & {"base64", "filename"}
    )


def _file_bytes(value: dict[str, Any]) -> bytes:
    if "base64" in value:
        return base64.b64decode(value["base64"])
    return str(value.get("text", "")).encode()


def _values(call: dict[str, Any], op: dict[str, Any], body_fields: bool) -> dict[str, Any]:
    """The call's arguments by normalised API name; a form or multipart body's fields too
    when the generator makes them parameters of their own."""
    values: dict[str, Any] = {}
    for name, value in zip(op["path"], call.get("args") or [], strict=False):
        values[norm(name)] = value
    by_norm = {norm(p): p for p in op["params"]}
    counts = collections.Counter(norm(p) for p in op["params"])
    shared = {name for name, count in counts.items() if count > 1}
    for name, value in (call.get("kwargs") or {}).items():
        # Two API names the same but for case and punctuation: calls.yaml names their
        # arguments as clientgen does (user_id, user_id_query), which other generators
        # need not follow.
        if norm(name) in values or any(norm(name).startswith(n) for n in shared):
            raise Unmeasured(f"the glue cannot tell {name!r} from another name apart")
        values[norm(by_norm.get(norm(name), name))] = value
    body = call.get("body")
    if body is not None and body_fields and isinstance(body, dict):
        for key, value in body.items():
            values.setdefault(norm(key), value)
    return values


def _fill(
    signature: Any, call: dict[str, Any], op: dict[str, Any], file_type: Any, body_fields: bool
) -> tuple[dict[str, Any], list[str]]:
    """Keyword arguments for a generated function from a calls.yaml call, and what could
    not be filled."""
    values = _values(call, op, body_fields)
    body = None if body_fields and isinstance(call.get("body"), dict) else call.get("body")
    declared = {norm(p) for p in op["params"]}
    missing = []
    kwargs: dict[str, Any] = {}
    for parameter in signature.parameters.values():
        if parameter.name in ("self", "client") or parameter.name.startswith("_"):
            continue
        key = norm(parameter.name)
        annotation = parameter.annotation if not isinstance(parameter.annotation, str) else Any
        if key in values:
            kwargs[parameter.name] = _convert(values.pop(key), annotation, file_type)
        elif body is not None and (parameter.name == "body" or key not in declared):
            kwargs[parameter.name] = _convert(body, annotation, file_type)
            body = None
        elif parameter.default is parameter.empty:
            missing.append(f"{parameter.name} left unfilled")
    missing += [f"the function has no parameter for {k}" for k in values]
    if body is not None:
        missing.append("the function has no parameter for the body")
    return kwargs, missing


def glue_main(peer: str, package_dir: str, package: str) -> None:
    """Reads one JSON command a line (a call and its operation), makes the call, answers
    one JSON line: {"sent": bool, "error": str}."""
    import importlib
    import inspect
    import typing

    sys.path.insert(0, package_dir)
    pkg = importlib.import_module(package)
    for line in sys.stdin:
        command = json.loads(line)
        call, op, url = command["call"], command["op"], command["url"]
        try:
            if peer == OPC:
                outcome = _opc_call(pkg, package, call, op, url, inspect, typing)
            else:
                outcome = _ogen_call(pkg, package, call, op, url, inspect)
        except Unmeasured as exc:
            outcome = {"unmeasured": str(exc)}
        except Exception as exc:  # noqa: BLE001 - the peer's or the glue's: both are reported
            outcome = {"error": f"{type(exc).__name__}: {str(exc)[:160]}"}
        print(json.dumps(outcome), flush=True)


def _opc_call(
    pkg: Any,
    package: str,
    call: dict[str, Any],
    op: dict[str, Any],
    url: str,
    inspect: Any,
    typing: Any,
) -> dict[str, Any]:
    import importlib

    module_name = op.get("opc_module")
    if not module_name:
        return {"error": "no generated function for the operation"}
    module = importlib.import_module(f"{package}.{module_name}")
    function = module.sync_detailed
    client_module = importlib.import_module(f"{package}.client")
    file_type = importlib.import_module(f"{package}.types").File
    creds = op["credentials"]
    headers, cookies = dict(creds.get("headers", {})), dict(creds.get("cookies", {}))
    if creds.get("bearer"):
        client = client_module.AuthenticatedClient(
            base_url=url, token=creds["bearer"], headers=headers, cookies=cookies
        )
    else:
        client = client_module.Client(base_url=url, headers=headers, cookies=cookies)
    if creds.get("unsupported"):
        return {"error": f"no support for {creds['unsupported']}"}
    signature = inspect.signature(function)
    try:
        hints = typing.get_type_hints(function)
        signature = signature.replace(
            parameters=[
                p.replace(annotation=hints.get(p.name, p.annotation))
                for p in signature.parameters.values()
            ]
        )
    except Exception:  # noqa: BLE001, S110 - annotations that do not resolve stay as they are
        pass
    kwargs, missing = _fill(signature, call, op, file_type, body_fields=False)
    if missing:
        return {"error": "; ".join(missing)}
    with client:
        function(client=client, **kwargs)
    return {"sent": True}


def _ogen_method(package: str, api_client: Any, name: str | None) -> Any:
    import importlib
    import pkgutil

    api_package = importlib.import_module(f"{package}.api")
    for info in pkgutil.iter_modules(api_package.__path__):
        module = importlib.import_module(f"{package}.api.{info.name}")
        for value in vars(module).values():
            is_api = isinstance(value, type) and value.__name__.endswith("Api")
            if is_api and name and hasattr(value, name):
                return getattr(value(api_client), name)
    return None


def _ogen_call(
    pkg: Any, package: str, call: dict[str, Any], op: dict[str, Any], url: str, inspect: Any
) -> dict[str, Any]:
    creds = op["credentials"]
    configuration = pkg.Configuration(host=url)
    if creds.get("bearer"):
        configuration.access_token = creds["bearer"]
    if creds.get("basic"):
        configuration.username, configuration.password = creds["basic"]
    if creds.get("api_keys"):
        configuration.api_key = dict(creds["api_keys"])
    method = _ogen_method(package, pkg.ApiClient(configuration), op.get("ogen_function"))
    if method is None:
        return {"error": "no generated function for the operation"}
    signature = inspect.signature(method)
    media = _call_media(call) or op.get("media")
    body_fields = media in ("application/x-www-form-urlencoded", "multipart/form-data")
    body_fields = body_fields and not _is_file(call.get("body"))
    kwargs, missing = _fill(signature, call, op, None, body_fields=body_fields)
    if missing and body_fields:  # the form as one model parameter, as for JSON
        kwargs, missing = _fill(signature, call, op, None, body_fields=False)
    if media != op.get("media") and "_content_type" in signature.parameters:
        kwargs["_content_type"] = media  # the media type alternative this call uses
    if missing:
        return {"error": "; ".join(missing)}
    try:
        method(**kwargs)
    except pkg.ApiException:
        pass  # an error status: the request went
    return {"sent": True}


# --------------------------------------------------------------------------- measuring


@dataclass
class Cell:
    generated: int = 0
    operations: int = 0
    imports: bool | None = None
    import_error: str = ""
    calls: list[tuple[str, str]] = field(default_factory=list)
    """(call name, "ok" or what went wrong)."""
    failed: str = ""


def run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)


def generate(peer: str, spec: Path, out: Path, package: str) -> tuple[Path | None, str]:
    """The generated package's folder and its parent (for sys.path), or None and why."""
    env = {**os.environ, "PATH": f"{PEERS / 'bin'}:{os.environ['PATH']}"}
    if peer == OPC:
        config = out.parent / "opc-config.yaml"
        config.write_text(f"package_name_override: {package}\npost_hooks: []\n")
        result = run(
            [
                str(PEERS / "bin" / "openapi-python-client"),
                "generate",
                "--path",
                str(spec),
                "--output-path",
                str(out / package),
                "--meta",
                "none",
                "--config",
                str(config),
            ],
            env=env,
            timeout=300,
        )
        folder = out / package
    else:
        result = run(
            [
                str(PEERS / "bin" / "openapi-generator-cli"),
                "generate",
                "-i",
                str(spec),
                "-g",
                "python",
                "-o",
                str(out),
                "--package-name",
                package,
                "--skip-validate-spec",
            ],
            env=env,
            timeout=600,
        )
        folder = out / package
    log = (result.stdout + result.stderr)[-4000:]
    if result.returncode != 0 or not folder.is_dir():
        return None, log
    return folder, log


def found_operations(peer: str, folder: Path, operations: list[tuple[str, str]]) -> dict:
    """(method, template) -> the generated function's module (opc) or name (ogen)."""
    found: dict[tuple[str, str], str] = {}
    api = folder / "api"
    for path in sorted(api.rglob("*.py")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for method, template in operations:
            regex = re.escape(template)
            regex = re.sub(r"\\\{[^}]*\\\}", r"\\{.*?\\}", regex)
            if peer == OPC:
                if re.search(rf'"method": "{method}",\s*"url": f?"{regex}"', text):
                    relative = path.relative_to(folder).with_suffix("")
                    found[(method, template)] = ".".join(relative.parts)
            else:
                for match in re.finditer(
                    rf"def _(\w+)_serialize\(.*?method='{method.upper()}',\s*"
                    rf"resource_path='{regex}'",
                    text,
                    re.DOTALL,
                ):
                    name = match.group(1)
                    # the lazy match may run across functions: keep the closest def
                    name = re.findall(r"def _(\w+)_serialize\(", match.group(0))[-1]
                    found[(method, template)] = name
    return found


def import_all(folder: Path, package: str) -> tuple[bool, str]:
    code = (
        "import importlib, pkgutil, sys\n"
        f"sys.path.insert(0, {str(folder.parent)!r})\n"
        f"pkg = importlib.import_module({package!r})\n"
        "for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
    )
    result = run([str(PEERS_PY), "-c", code], timeout=300)
    if result.returncode == 0:
        return True, ""
    last = (result.stderr.strip().splitlines() or ["?"])[-1]
    return False, last[:200]


def _given(spec: Any, call: dict[str, Any]) -> dict[str, Any]:
    """The call's credentials by snake_case scheme key, the environment's included
    (neither peer reads the environment: a user would pass them)."""
    given = dict(call.get("client") or {})
    for variable, value in (call.get("env") or {}).items():
        for key in spec.document.get("components", {}).get("securitySchemes", {}):
            if variable.endswith("_" + snake(key).upper()):
                given.setdefault(snake(key), value)
    return given


def credentials(peer: str, spec: Any, operation: Any, call: dict[str, Any]) -> dict[str, Any]:
    """How a user gives this call's credentials to the peer's client."""
    given = _given(spec, call)
    schemes = spec.document.get("components", {}).get("securitySchemes", {})
    needed = {name for requirement in operation.security for name in requirement}
    out: dict[str, Any] = {"headers": {}, "cookies": {}, "api_keys": {}}
    for key, scheme in schemes.items():
        value = given.get(snake(key))
        if value is None or (peer == OPC and key not in needed and _unsupported(scheme)):
            continue  # a credential the peer cannot take, for another operation
        _add_credential(peer, out, key, scheme, value)
    return out


def _add_credential(peer: str, out: dict[str, Any], key: str, scheme: Any, value: Any) -> None:
    kind = scheme.get("type")
    if kind == "http" and scheme.get("scheme", "").lower() == "basic":
        out["basic"] = list(value)
        if peer == OPC:
            out["unsupported"] = "HTTP basic auth"
    elif kind in ("http", "oauth2", "openIdConnect"):
        out["bearer"] = value
    elif kind == "apiKey":
        out["api_keys"][key] = value
        if peer != OPC:
            return
        if scheme["in"] == "header":
            out["headers"][scheme["name"]] = value
        elif scheme["in"] == "cookie":
            out["cookies"][scheme["name"]] = value
        else:
            out["unsupported"] = "API keys in the query"


def _unsupported(scheme: dict[str, Any]) -> bool:
    """openapi-python-client has no way to take these."""
    return (scheme.get("type") == "http" and scheme.get("scheme", "").lower() == "basic") or (
        scheme.get("type") == "apiKey" and scheme.get("in") == "query"
    )


def measure(construct: str, work: Path, peers: list[str]) -> dict[str, Cell]:
    import yaml

    from tests.openapi_server import OpenAPIServer, Spec, expectation_mismatches
    from tests.test_openapi_server import reply_of

    spec_path = CORPUS / construct / "spec.yaml"
    spec = Spec.load(spec_path)
    calls = yaml.safe_load((CORPUS / construct / "calls.yaml").read_text(encoding="utf-8"))
    operations = sorted((op.method, op.template) for op in spec.operations.values())
    cells = {}
    for peer in peers:
        cell = Cell(operations=len(operations))
        cells[peer] = cell
        package = "peer_" + snake(construct)
        out = work / snake(peer) / construct
        out.mkdir(parents=True)
        folder, log = generate(peer, spec_path, out, package)
        if folder is None:
            cell.failed = _first_error(log)
            continue
        found = found_operations(peer, folder, operations)
        cell.generated = len(found)
        cell.imports, cell.import_error = import_all(folder, package)
        if not cell.imports:
            continue
        glue = subprocess.Popen(
            [str(PEERS_PY), __file__, "--glue", peer, str(folder.parent), package],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=str(out),
        )
        assert glue.stdin is not None and glue.stdout is not None
        with OpenAPIServer(spec) as server:
            for call in calls["calls"]:
                operation = _operation(spec, call)
                key = (operation.method, operation.template)
                op = {
                    "path": re.findall(r"\{([^}]+)\}", operation.template),
                    "params": [p["name"] for p, _ in operation.parameters],
                    "media": _first_media(spec, operation),
                    "credentials": credentials(peer, spec, operation, call),
                    "opc_module": found.get(key) if peer == OPC else None,
                    "ogen_function": found.get(key) if peer == OGEN else None,
                }
                server.reset()
                server.reply(**_reply_kwargs(reply_of(call["response"])))
                glue.stdin.write(json.dumps({"call": call, "op": op, "url": server.url}) + "\n")
                glue.stdin.flush()
                answer = json.loads(glue.stdout.readline() or '{"error": "the glue died"}')
                cell.calls.append(
                    (call["name"], _verdict(server, call, answer, expectation_mismatches))
                )
            server.reset()
        glue.stdin.close()
        glue.wait(timeout=60)
    return cells


def _reply_kwargs(reply: Any) -> dict[str, Any]:
    return {"status": reply.status, "body": reply.body, "headers": reply.headers}


def _operation(spec: Any, call: dict[str, Any]) -> Any:
    for op in spec.operations.values():
        if op.operation_id == call["operation"]:
            return op
    method, template = call["operation"].split(" ", 1)
    return spec.operations[(template, method.lower())]


def _first_media(spec: Any, operation: Any) -> str | None:
    if "requestBody" not in operation.node:
        return None
    body, _ = spec.deref(operation.node["requestBody"])
    return next(iter(body.get("content", {})), None)


def _verdict(server: Any, call: dict[str, Any], answer: dict[str, Any], mismatches: Any) -> str:
    requests = list(server.requests)
    if "unmeasured" in answer:
        return "not measured: " + answer["unmeasured"]
    if not requests:
        return "not sent: " + answer.get("error", "no request reached the server")
    record = requests[0]  # later ones follow a redirect: the call's own request is first
    problems = list(record.errors) + mismatches(record, call["request"])
    return "ok" if not problems else problems[0]


def _first_error(log: str) -> str:
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    for line in lines:
        if re.search(r"error|exception|unable", line, re.IGNORECASE):
            return line[:200]
    return (lines[-1] if lines else "no output")[:200]


# --------------------------------------------------------------------------- clientgen


def behaviour_outcomes(work: Path) -> dict[str, str]:
    """clientgen's behaviour test of the corpus calls, run once: each test case's id
    (``<construct>-<call name>-<sync|async>``) -> "ok" or why it did not pass."""
    report = work / "clientgen-junit.xml"
    command = [str(VENV_PY), "-m", "pytest", "-q", "-p", "no:cacheprovider", BEHAVIOUR_TEST]
    result = run([*command, f"--junitxml={report}"], cwd=str(ROOT), timeout=1800)
    outcomes: dict[str, str] = {}
    cases = ElementTree.parse(report).iter("testcase") if report.exists() else iter(())
    for case in cases:
        match = re.fullmatch(rf"{BEHAVIOUR_CASE}\[(.*)\]", case.get("name", ""))
        if match is None:
            continue
        problems = [c for c in case if c.tag in ("failure", "error", "skipped")]
        verdict = _test_problem(problems[0]) if problems else "ok"
        if outcomes.get(match.group(1), "ok") == "ok":  # a teardown error comes second
            outcomes[match.group(1)] = verdict
    if not outcomes:
        tail = (result.stdout + result.stderr).strip().splitlines()[-20:]
        raise RuntimeError(f"{BEHAVIOUR_TEST} ran no corpus call:\n" + "\n".join(tail))
    return outcomes


def _test_problem(element: ElementTree.Element) -> str:
    message = element.get("message") or (element.text or "").strip() or element.tag
    message = " ".join(message.split())
    return message if element.tag == "failure" else f"{element.tag}: {message}"


def clientgen_cell(construct: str, outcomes: dict[str, str]) -> Cell:
    """clientgen's cell: the committed client's operations, and the behaviour test's
    outcome for each call."""
    import yaml

    from tests.openapi_server import Spec

    spec = Spec.load(CORPUS / construct / "spec.yaml")
    calls = yaml.safe_load((CORPUS / construct / "calls.yaml").read_text(encoding="utf-8"))
    operations = sorted((op.method, op.template) for op in spec.operations.values())
    package = CORPUS / construct / "expected" / calls["package"]
    cell = Cell(operations=len(operations), imports=True)
    cell.generated = len(clientgen_found(package, operations))
    for call in calls["calls"]:
        cell.calls.append((call["name"], _clientgen_verdict(construct, call, outcomes)))
    return cell


def _clientgen_verdict(construct: str, call: dict[str, Any], outcomes: dict[str, str]) -> str:
    wrong = []
    for mode in ("sync", "async"):
        verdict = outcomes.get(f"{construct}-{call['name']}-{mode}", "no such test case")
        if verdict != "ok":
            wrong.append(f"{mode}: {verdict}")
    return wrong[0] if wrong else "ok"


def clientgen_found(package: Path, operations: list[tuple[str, str]]) -> dict:
    """(method, template) -> the clientgen function ("module.function") whose request
    (an ``_endpoint.ApiRequest`` its module builds) has that method and path: the path
    rebuilt from its expression, each ``_endpoint.segment`` as ``{its API name}``."""
    wanted = set(operations)
    found: dict[tuple[str, str], str] = {}
    api = package / "api"
    for path in sorted(api.rglob("*.py")):  # a large tag is a package of modules
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [
            node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        ]
        # the first public function (the sync one) calling the private request builder
        caller: dict[str, str] = {}
        for function in functions:
            if not function.name.startswith("_"):
                for node in ast.walk(function):
                    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                        caller.setdefault(node.func.id, function.name)
        for function in functions:
            keys = {_request_key(node) for node in ast.walk(function)}
            for key in keys & wanted:
                if function.name in caller:
                    module = ".".join(path.relative_to(api).with_suffix("").parts)
                    found[key] = f"{module}.{caller[function.name]}"
    return found


def _request_key(node: ast.AST) -> tuple[str, str] | None:
    """(method, path template) of an ``_endpoint.ApiRequest(...)`` call."""
    if not isinstance(node, ast.Call) or ast.unparse(node.func) != "_endpoint.ApiRequest":
        return None
    keywords = {keyword.arg: keyword.value for keyword in node.keywords}
    method, template = keywords.get("method"), _path_template(keywords.get("path"))
    if not isinstance(method, ast.Constant) or template is None:
        return None
    return str(method.value).lower(), template


def _path_template(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _path_template(node.left), _path_template(node.right)
        return None if left is None or right is None else left + right
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Call) and ast.unparse(node.func) == "_endpoint.segment":
        name = node.args[0] if node.args else None
        if isinstance(name, ast.Constant):
            return "{" + str(name.value) + "}"
    return None


# --------------------------------------------------------------------------- the page


def summary(cell: Cell) -> str:
    if cell.failed:
        return f"✗ not generated ({_md(cell.failed)})"
    parts = [f"{cell.generated}/{cell.operations} ops"]
    if not cell.imports:
        return f"✗ {parts[0]}; does not import ({_md(cell.import_error)})"
    measured = [(n, v) for n, v in cell.calls if not v.startswith("not measured")]
    good = sum(1 for _, verdict in measured if verdict == "ok")
    parts.append(f"{good}/{len(measured)} calls right")
    if len(measured) < len(cell.calls):
        parts[-1] += f" ({len(cell.calls) - len(measured)} not measured)"
    mark = "✓" if good == len(measured) and cell.generated == cell.operations else "✗"
    wrong = [(name, verdict) for name, verdict in measured if verdict != "ok"]
    text = f"{mark} " + ", ".join(parts)
    if wrong:
        name, verdict = wrong[0]
        text += f"; {name}: {_md(_short(verdict))}"
    return text


def _short(verdict: str) -> str:
    verdict = re.sub(r"^(strict|openapi-core): ", "", verdict)
    return verdict if len(verdict) <= 140 else verdict[:137] + "..."


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").replace("`", "'")


def peer_versions() -> dict[str, str]:
    code = (
        "import importlib.metadata as m\n"
        "print(m.version('openapi-python-client'), m.version('openapi-generator-cli'))"
    )
    if not PEERS_PY.exists():
        return {OPC: "(not installed)", OGEN: "(not installed)"}
    result = run([str(PEERS_PY), "-c", code])
    opc, ogen = result.stdout.split()
    return {OPC: opc, OGEN: ogen}


PAGE_HEAD = """\
# Constructs, next to openapi-python-client and openapi-generator

Measured on {today} with openapi-python-client {opc} and openapi-generator {ogen} (the
`openapi-generator-cli` package from PyPI, `-g python`, Java 17), on the corpus in
`tests/corpus/` (one spec per construct, its example calls in `calls.yaml`), by
`benchmarks/compare_peers.py` (run `make peers` first; it takes about three minutes).

How each cell was measured:

- **ops**: how many of the spec's operations have a function in the generated code
  (found by method and path in the generated source, whatever the function's name);
  `✗ not generated` when the generator failed on the spec.
- **does not import**: some module of the generated package fails to import.
- **calls right**: each example call of `calls.yaml` made through the generated client
  with a little generic glue, over HTTP to `tests/openapi_server.py`, which checks it with
  openapi-core and its own wire check. Right means neither found anything wrong *and* the
  request is the one `calls.yaml` expects (method, path, query, the headers that matter,
  the body), compared as `tests/corpus/README.md` says. The first wrong call is quoted;
  every one is listed under [Details](#details). `not sent` is a call that never reached
  the server: no function for it, no parameter for an argument, no way to give the
  credential, or an exception in the client. It is never counted right. `not measured`
  is a call the generic glue cannot make without knowing the generator's own naming
  (two API names that differ only in case and punctuation): left out of the counts.
- The glue passes credentials the way each client takes them: openapi-python-client's
  `AuthenticatedClient(token=...)` for bearer, OAuth2 and OpenID Connect tokens, and
  `Client(headers=..., cookies=...)` for API keys (its README's way: so they go with every
  request); it has no way to take HTTP basic credentials or an API key in the query.
  openapi-generator's `Configuration` (`access_token`, `username`/`password`, `api_key`).
- **✓** every operation generated and every call right; **✗** otherwise.

The clientgen column is measured by clientgen's own behaviour test,
`tests/client/test_corpus_calls.py`, which this script runs (its JUnit report read
back): each call of `calls.yaml` is made with the client committed for the spec
(`tests/corpus/<construct>/expected/`), as `calls.yaml` writes it (no glue), once with
`Client` and once with `AsyncClient`, each time also through its `_with_response`
variant and, for a binary answer, its `_streamed` one, against the same server. The
request must be the one `calls.yaml` expects, the server must find nothing wrong with it,
the call must return (or raise) what `calls.yaml` says, and only a deprecated operation
or parameter may warn. A call is right when its sync and its async test both pass. Its
**ops** are found as the peers' are, by method and path, in the committed client's `api/`
modules.

| construct | clientgen | openapi-python-client | openapi-generator |
|---|---|---|---|
"""


def write_page(results: dict[str, dict[str, Cell]], versions: dict[str, str], path: Path) -> None:
    today = dt.date.today().isoformat()
    text = PAGE_HEAD.format(today=today, opc=versions[OPC], ogen=versions[OGEN])
    for construct, cells in results.items():
        row = [f"`{construct}`"]
        row += [summary(cells[peer]) if peer in cells else "not measured" for peer in COLUMNS]
        text += "| " + " | ".join(row) + " |\n"
    text += "\nTotals:\n\n"
    for peer in COLUMNS:
        cells = [c[peer] for c in results.values() if peer in c]
        if cells:
            text += f"- {peer}: {_totals(cells)}.\n"
    text += "\n## Details\n\nEvery call that was not right, as the checks put it.\n"
    for construct, cells in results.items():
        for peer, cell in cells.items():
            wrong = [(n, v) for n, v in cell.calls if v != "ok"]
            if wrong:
                text += f"\n**{construct}**, {peer}:\n\n"
                text += "".join(f"- `{name}`: {_md(verdict)}\n" for name, verdict in wrong)
    path.write_text(text, encoding="utf-8")


README = ROOT / "README.md"
README_START = "<!-- constructs: written by benchmarks/compare_peers.py -->\n"
README_END = "<!-- constructs: end -->\n"


def _totals(cells: list[Cell]) -> str:
    right = sum(1 for c in cells for _, v in c.calls if v == "ok")
    total = sum(1 for c in cells for _, v in c.calls if not v.startswith("not measured"))
    clean = sum(1 for c in cells if summary(c).startswith("✓"))
    generated, operations = sum(c.generated for c in cells), sum(c.operations for c in cells)
    return (
        f"{clean}/{len(cells)} constructs ✓, {generated}/{operations} operations "
        f"generated, {right}/{total} example calls right on the wire"
    )


def write_readme_table(results: dict[str, dict[str, Cell]], versions: dict[str, str]) -> None:
    """The README's short table (each construct's ✓ or ✗ per generator, and the totals),
    between its markers; only after a run of every construct and column."""
    head = ["construct", *(f"{p} {versions[p]}" if p in versions else p for p in COLUMNS)]
    lines = ["| " + " | ".join(head) + " |\n", "|---" * len(head) + "|\n"]
    for construct, cells in results.items():
        marks = [summary(cells[peer]).split(" ", 1)[0] for peer in COLUMNS]
        lines.append(f"| `{construct}` | " + " | ".join(marks) + " |\n")
    lines.append(
        "| **totals** | "
        + " | ".join(_totals([c[peer] for c in results.values()]) for peer in COLUMNS)
        + " |\n"
    )
    text = README.read_text(encoding="utf-8")
    start, end = text.index(README_START) + len(README_START), text.index(README_END)
    README.write_text(text[:start] + "".join(lines) + text[end:], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("constructs", nargs="*", help="only these corpus folders")
    parser.add_argument("--out", type=Path, default=OUT, help="the Markdown page to write")
    parser.add_argument(
        "--peer", action="append", choices=COLUMNS, help="only this column (repeatable)"
    )
    parser.add_argument(
        "--glue", nargs=3, metavar=("PEER", "DIR", "PACKAGE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.glue:
        glue_main(*args.glue)
        return 0
    columns = [column for column in COLUMNS if column in (args.peer or COLUMNS)]
    peers = [column for column in columns if column != CLIENTGEN]
    if peers and not PEERS_PY.exists():
        print("run `make peers` first: it makes .venv/peers", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    constructs = args.constructs or sorted(p.parent.name for p in CORPUS.glob("*/spec.yaml"))
    work = Path(tempfile.mkdtemp(prefix="compare-peers-"))
    results: dict[str, dict[str, Cell]] = {}
    try:
        outcomes = behaviour_outcomes(work) if CLIENTGEN in columns else {}
        for construct in constructs:
            results[construct] = (
                {CLIENTGEN: clientgen_cell(construct, outcomes)} if outcomes else {}
            )
            results[construct].update(measure(construct, work, peers) if peers else {})
            for peer, cell in results[construct].items():
                print(f"{construct:28} {peer:22} {summary(cell)}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    versions = peer_versions()
    write_page(results, versions, args.out)
    print(f"wrote {args.out}")
    if columns == list(COLUMNS) and not args.constructs and args.out == OUT:
        write_readme_table(results, versions)
        print(f"wrote its summary into {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
