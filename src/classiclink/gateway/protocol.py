"""Chain step: read the RPC protocol's framing — method, parameters, Action, Version, Format.

Gateway order (api-spec §5.8, recommended): method, Action, Version, unknown action. Signature fields
are checked by the next step.

Raw-input limits, each answered with 400 ``InvalidParameter`` naming what was wrong (the docs give no
numbers; these are the emulator's, listed in docs/compatibility.md). Here, before the signature, only
what makes the request unreadable or its signature ambiguous:

- the body over ``Settings.max_body_bytes`` (1 MiB): ``RequestBody`` (errors.RequestTooLarge);
- query or form not UTF-8: ``QueryString`` / ``RequestBody``;
- more than ``MAX_PARAMETERS`` (1,000) parameters: ``QueryString`` or ``RequestBody``, where the excess is;
- a parameter given twice: that parameter (once Format and Action are known, so in their envelope).

The rules on names and values (``check_values``) run with the other parameter checks, after the
signature (validate.py), in the envelope the caller asked for:

- a name longer than ``MAX_NAME_CHARS`` (256), or holding a control character: that name;
- a value longer than ``Settings.max_value_chars`` (8,192; ``UserData`` up to 65,536, the Base64 of the
  documented 32 KB): that parameter;
- a NUL byte in any value, or any other control character (U+0000–U+001F, U+007F) or XML non-character
  (U+FFFE, U+FFFF) in a value: that parameter. Free-text descriptions (a name whose last part is
  ``Description``) may hold tab, line feed and carriage return; nothing else that XML cannot carry.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .. import errors
from ..actions import find
from ..actions.spec import PRODUCTS
from .context import RequestContext, Runtime

MAX_PARAMETERS = 1000
MAX_NAME_CHARS = 256
# Longer values the official SDKs legitimately send (RunInstances/CreateInstance UserData, Base64 of 32 KB).
LONG_VALUES = {"UserData": 65536}

_CONTROL = re.compile("[\x00-\x1f\x7f\ufffe\uffff]")
# In free text, the whitespace controls are kept; the rest could not even be rendered in an XML answer.
_CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def resolve_action(ctx: RequestContext, rt: Runtime) -> None:
    http = ctx.http
    if http.method not in ("GET", "POST"):
        raise errors.UnsupportedHTTPMethod()
    if http.too_large:
        raise errors.RequestTooLarge()
    if http.malformed:
        raise errors.InvalidParameter(name=http.malformed)
    ctx.params, duplicate = merge_parameters(http.query, http.form)

    authorization = http.header("authorization") or ""
    ctx.scheme = "v3" if authorization.startswith("ACS3-") else "v1"
    # Format decides the error envelope from here on; V3 callers always read JSON.
    fmt = ctx.params.get("Format", "").upper()
    ctx.format = "XML" if fmt == "XML" and ctx.scheme == "v1" else "JSON"

    action = ctx.params.get("Action") or http.header("x-acs-action")
    if not action:
        raise errors.MissingParameter(name="Action")
    version = ctx.params.get("Version") or http.header("x-acs-version")
    if not version:
        raise errors.MissingParameter(name="Version")
    ctx.action_name, ctx.version = action, version
    if version not in PRODUCTS:
        raise errors.InvalidVersion()
    spec = find(version, action)
    if spec is None:
        raise errors.ActionNotFound()
    ctx.spec = spec
    if not fmt and ctx.scheme == "v1" and spec.product == "Ecs":
        # ECS documents XML as its default format; VPC documents JSON.
        ctx.format = "XML"
    if duplicate is not None:
        raise errors.InvalidParameter(name=printable(duplicate))


def merge_parameters(query: list[tuple[str, str]], form: list[tuple[str, str]]) -> tuple[dict[str, str], str | None]:
    """One parameter map from the query and the form body (the first value of a name wins), and the first
    name given twice, if any. A name given twice is refused: which value the real gateway would take is
    not documented, and signing over either would be a guess."""
    if len(query) > MAX_PARAMETERS:
        raise errors.InvalidParameter(name="QueryString")
    if len(query) + len(form) > MAX_PARAMETERS:
        raise errors.InvalidParameter(name="RequestBody")
    merged: dict[str, str] = {}
    duplicate: str | None = None
    for name, value in (*query, *form):
        if name in merged:
            duplicate = duplicate if duplicate is not None else name
            continue
        merged[name] = value
    return merged, duplicate


def check_values(params: Mapping[str, str], max_chars: int) -> None:
    """The raw rules on every parameter's name and value (see the module's docstring)."""
    # Nearly every request breaks none of them: one search over everything, and one length check, clear
    # it at once. Otherwise each parameter is checked in turn, to name the first that breaks a rule.
    values = params.values()
    if (
        max(map(len, params), default=0) <= MAX_NAME_CHARS
        and max(map(len, values), default=0) <= max_chars
        and _CONTROL.search("".join(params) + "".join(values)) is None
    ):
        return
    for name, value in params.items():
        if len(name) > MAX_NAME_CHARS or _CONTROL.search(name):
            raise errors.InvalidParameter(name=printable(name))
        if len(value) > LONG_VALUES.get(name, max_chars):
            raise errors.InvalidParameter(name=name)
        control = _CONTROL_IN_TEXT if is_free_text(name) else _CONTROL
        if control.search(value):
            raise errors.InvalidParameter(name=name)


def is_free_text(name: str) -> bool:
    """Description, SystemDisk.Description, DataDisk.1.Description ..."""
    return name.rsplit(".", 1)[-1] == "Description"


def printable(name: str) -> str:
    """A parameter name fit to quote in a message (and in XML): control characters shown as "?", and cut short."""
    return _CONTROL.sub("?", name[:MAX_NAME_CHARS])
