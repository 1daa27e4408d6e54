"""Chain step: read the RPC protocol's framing — method, parameters, Action, Version, Format.

Gateway order (api-spec §5.8, recommended): method, Action, Version, unknown action. Signature fields
are checked by the next step.
"""

from __future__ import annotations

from .. import errors
from ..actions.spec import PRODUCTS, REGISTRY
from .context import RequestContext, Runtime


def resolve_action(ctx: RequestContext, rt: Runtime) -> None:
    http = ctx.http
    if http.method not in ("GET", "POST"):
        raise errors.UnsupportedHTTPMethod()
    if http.too_large:
        raise errors.RequestTooLarge()
    if http.malformed:
        raise errors.InvalidParameter(name=http.malformed)
    ctx.params = merge_parameters(http.query, http.form, rt.settings.max_value_chars)

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
    spec = REGISTRY.get((version, action))
    if spec is None:
        raise errors.ActionNotFound()
    ctx.spec = spec
    if not fmt and ctx.scheme == "v1" and spec.product == "Ecs":
        # ECS documents XML as its default format; VPC documents JSON.
        ctx.format = "XML"


def merge_parameters(query: list[tuple[str, str]], form: list[tuple[str, str]], max_chars: int) -> dict[str, str]:
    """One parameter map from the query and the form body. A name given twice is refused: which value
    the real gateway would take is not documented, and signing over either would be a guess."""
    merged: dict[str, str] = {}
    for name, value in (*query, *form):
        if name in merged:
            raise errors.InvalidParameter(name=name)
        if len(value) > max_chars or len(name) > 256:
            raise errors.InvalidParameter(name=name[:256])
        merged[name] = value
    return merged
