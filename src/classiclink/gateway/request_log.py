"""The request log: one line per RPC request, written when its answer is ready.

``line`` (the default, at INFO): RequestId, account, AccessKeyId, product, action, HTTP status, error code
and duration, as ``key=value`` pairs. ``json``: the same as one JSON object per line, plus the request's
parameters, with secrets and signatures masked. ``off``: nothing. A secret never reaches the log: the
AccessKeySecret is never a parameter, and the parameters that carry credentials are masked.

With the admin interface on, the same finalizer also keeps the request (masked parameters and the answer) in
this worker's recent requests for the web console (gateway/recent.py), whatever the mode.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Literal

from ..http import HttpResponse
from .context import RequestContext, Runtime
from .recent import RecentRequests, RecordedRequest, cut

RequestLogMode = Literal["line", "json", "off"]

# Parameters whose values are credentials or derived from them.
MASKED = frozenset({"Signature", "SecurityToken", "BearerToken", "Password", "AccessKeySecret", "KeyPairPrivateKey"})
MASK = "***"

log = logging.getLogger("classiclink.requests")


def fields(ctx: RequestContext, status: int, code: str, seconds: float) -> dict[str, Any]:
    identity = ctx.identity
    return {
        "RequestId": ctx.request_id,
        "account": identity.account_id if identity else "-",
        "access_key": identity.access_key_id if identity else (ctx.params.get("AccessKeyId") or "-"),
        "product": ctx.product or "-",
        "action": ctx.action_name or "-",
        "status": status,
        "code": code or "-",
        "ms": round(seconds * 1000, 2),
    }


def masked(params: dict[str, str]) -> dict[str, str]:
    return {name: MASK if name in MASKED else value for name, value in params.items()}


def record(ctx: RequestContext, response: HttpResponse, code: str, seconds: float, rt: Runtime) -> None:
    """Finalizer: the request's line, whatever its outcome; and, with the admin interface on, the request
    in this worker's recent requests for the web console."""
    if rt.recent is not None:
        remember(rt.recent, ctx, response, code, seconds)
    mode: RequestLogMode = rt.settings.request_log
    if mode == "off" or not log.isEnabledFor(logging.INFO):
        return
    entry = fields(ctx, response.status, code, seconds)
    if mode == "json":
        entry["parameters"] = masked(ctx.params)
        log.info("%s", json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
    else:
        log.info("%s", " ".join(f"{key}={value}" for key, value in entry.items()))


def remember(recent: RecentRequests, ctx: RequestContext, response: HttpResponse, code: str, seconds: float) -> None:
    entry = fields(ctx, response.status, code, seconds)
    recent.add(
        RecordedRequest(
            at=ctx.now,
            request_id=ctx.request_id,
            account=entry["account"],
            access_key=entry["access_key"],
            product=entry["product"],
            action=entry["action"],
            version=ctx.version or "",
            status=response.status,
            code=code,
            ms=entry["ms"],
            parameters=tuple(masked(ctx.params).items()),
            answer=cut(response.body.decode("utf-8", "replace")),
            content_type=response.content_type,
        )
    )
