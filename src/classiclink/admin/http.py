"""The admin interface over HTTP: bearer-token check, routing, JSON in and out.

Mounted on the edge beside the RPC endpoint. With no token configured it is switched off and
answers 404 to everything, so a default server exposes nothing but the emulated APIs. Errors are
``{"Code", "Message"}`` with a fitting status; an unexpected failure is logged (never the request
body, which may hold a secret) and answered as a plain 500, never as a stack trace.
"""

from __future__ import annotations

import hmac
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..domain.ports import UnitOfWork
from ..gateway.context import Runtime
from ..http import HttpRequest, HttpResponse, json_response
from ..settings import Behaviour
from . import classiclink_rules, conditions, faults, reach, service, state
from .mounts import ADMIN_PREFIX
from .service import AdminError

_SEGMENT = r"([^/]+)"


@dataclass(frozen=True)
class AdminCall:
    """One admin request as a handler sees it: the path's parts, the JSON body, the query."""

    parts: tuple[str, ...]
    body: dict[str, Any]
    query: dict[str, str]
    now: float
    behaviour: Behaviour


# A handler runs inside one unit of work and returns (status, document).
Handler = Callable[[AdminCall, UnitOfWork], tuple[int, dict[str, Any]]]


def _ok(document: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    return 200, document


def _created(document: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    return 201, document


def _put_policy(c: AdminCall, uow: UnitOfWork) -> tuple[int, dict[str, Any]]:
    created, view = service.put_policy(uow, c.parts[0], c.parts[1], c.body, c.now)
    return (201 if created else 200), view


# (method, path under the prefix, handler); {} marks one path segment.
_ROUTES: list[tuple[str, str, Handler]] = [
    ("GET", "/accounts", lambda c, uow: _ok(service.list_accounts(uow))),
    ("POST", "/accounts", lambda c, uow: _created(service.create_account(uow, c.body, c.now))),
    ("GET", "/accounts/{}", lambda c, uow: _ok(service.describe_account(uow, c.parts[0]))),
    ("GET", "/accounts/{}/access-keys",
     lambda c, uow: _ok(service.list_keys(uow, c.parts[0], c.query.get("UserName")))),
    ("POST", "/accounts/{}/access-keys", lambda c, uow: _created(service.create_key(uow, c.parts[0], c.body, c.now))),
    ("POST", "/accounts/{}/access-keys/{}/activate",
     lambda c, uow: _ok(service.set_key_status(uow, c.parts[0], c.parts[1], "Active"))),
    ("POST", "/accounts/{}/access-keys/{}/deactivate",
     lambda c, uow: _ok(service.set_key_status(uow, c.parts[0], c.parts[1], "Inactive"))),
    ("DELETE", "/accounts/{}/access-keys/{}", lambda c, uow: _ok(service.delete_key(uow, c.parts[0], c.parts[1]))),
    ("GET", "/accounts/{}/users", lambda c, uow: _ok(service.list_users(uow, c.parts[0]))),
    ("POST", "/accounts/{}/users", lambda c, uow: _created(service.create_user(uow, c.parts[0], c.body, c.now))),
    ("GET", "/accounts/{}/users/{}", lambda c, uow: _ok(service.describe_user(uow, c.parts[0], c.parts[1]))),
    ("DELETE", "/accounts/{}/users/{}", lambda c, uow: _ok(service.delete_user(uow, c.parts[0], c.parts[1]))),
    ("POST", "/accounts/{}/users/{}/policies",
     lambda c, uow: _ok(service.attach_policy(uow, c.parts[0], c.parts[1], c.body))),
    ("DELETE", "/accounts/{}/users/{}/policies/{}",
     lambda c, uow: _ok(service.detach_policy(uow, c.parts[0], c.parts[1], c.parts[2]))),
    ("GET", "/accounts/{}/policies", lambda c, uow: _ok(service.list_policies(uow, c.parts[0]))),
    ("GET", "/accounts/{}/policies/{}", lambda c, uow: _ok(service.describe_policy(uow, c.parts[0], c.parts[1]))),
    ("PUT", "/accounts/{}/policies/{}", _put_policy),
    ("DELETE", "/accounts/{}/policies/{}", lambda c, uow: _ok(service.delete_policy(uow, c.parts[0], c.parts[1]))),
    ("DELETE", "/accounts/{}/resources", lambda c, uow: _ok(service.reset_resources(uow, c.parts[0]))),
    # Account conditions: billing, authorizations, stock and quotas (README, "Account conditions").
    ("GET", "/accounts/{}/conditions", lambda c, uow: _ok(conditions.describe(uow, c.parts[0]))),
    ("PUT", "/accounts/{}/conditions", lambda c, uow: _ok(conditions.put(uow, c.parts[0], c.body, c.now))),
    ("DELETE", "/accounts/{}/conditions", lambda c, uow: _ok(conditions.clear(uow, c.parts[0]))),
    ("GET", "/accounts/{}/roles", lambda c, uow: _ok(service.list_roles(uow, c.parts[0]))),
    ("POST", "/accounts/{}/roles", lambda c, uow: _created(service.create_role(uow, c.parts[0], c.body, c.now))),
    ("GET", "/accounts/{}/roles/{}", lambda c, uow: _ok(service.describe_role(uow, c.parts[0], c.parts[1]))),
    ("DELETE", "/accounts/{}/roles/{}", lambda c, uow: _ok(service.delete_role(uow, c.parts[0], c.parts[1]))),
    ("POST", "/accounts/{}/roles/{}/policies",
     lambda c, uow: _ok(service.attach_role_policy(uow, c.parts[0], c.parts[1], c.body))),
    ("DELETE", "/accounts/{}/roles/{}/policies/{}",
     lambda c, uow: _ok(service.detach_role_policy(uow, c.parts[0], c.parts[1], c.parts[2]))),
    # Seeing and saving state (README, "Seeing and saving state").
    ("GET", "/accounts/{}/resources",
     lambda c, uow: _ok(state.list_resources(uow, c.parts[0], None, c.query, c.now))),
    ("GET", "/accounts/{}/resources/{}",
     lambda c, uow: _ok(state.list_resources(uow, c.parts[0], c.parts[1], c.query, c.now))),
    ("GET", "/accounts/{}/snapshot", lambda c, uow: _ok(state.take_snapshot(uow, c.parts[0], c.now))),
    ("PUT", "/accounts/{}/snapshot", lambda c, uow: _ok(state.restore_snapshot(uow, c.parts[0], c.body))),
    ("GET", "/snapshot", lambda c, uow: _ok(state.take_snapshot(uow, None, c.now))),
    ("PUT", "/snapshot", lambda c, uow: _ok(state.restore_snapshot(uow, None, c.body))),
    # "Can A reach B?" and the migration view (docs/reachability.md): read-only GETs.
    ("GET", "/accounts/{}/regions/{}/reach", lambda c, uow: _ok(reach.reach(uow, c.parts[0], c.parts[1], c.query, c.now))),
    ("GET", "/accounts/{}/regions/{}/migration",
     lambda c, uow: _ok(reach.migration(uow, c.parts[0], c.parts[1], c.now))),
    # The guide's "Add ClassicLink Rules" dialog as one call (plain inbound rules; docs/reachability.md).
    ("POST", "/accounts/{}/regions/{}/classiclink-rules",
     lambda c, uow: _ok(classiclink_rules.add(uow, c.parts[0], c.parts[1], c.body, c.now, c.behaviour))),
    # Faults on demand (README, "Faults on demand")
    ("GET", "/faults", lambda c, uow: _ok(faults.list_faults(uow))),
    ("POST", "/faults", lambda c, uow: _created(faults.arm(uow, c.body, c.now))),
    ("DELETE", "/faults", lambda c, uow: _ok(faults.disarm_all(uow))),
    ("GET", "/faults/{}", lambda c, uow: _ok(faults.describe_fault(uow, c.parts[0]))),
    ("DELETE", "/faults/{}", lambda c, uow: _ok(faults.disarm(uow, c.parts[0]))),
]  # fmt: skip

_COMPILED = [
    (method, re.compile(re.escape(pattern).replace(re.escape("{}"), _SEGMENT) + "/?"), handler)
    for method, pattern, handler in _ROUTES
]


class AdminApp:
    """The handler mounted at ``/_classiclink/admin``."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self._handle(request)
        except AdminError as err:
            return _error(err)
        except Exception:
            self.runtime.log.exception("admin interface: internal error on %s %s", request.method, request.path)
            return _error(AdminError(500, "InternalError", "The admin request failed; see the server log."))

    def _handle(self, request: HttpRequest) -> HttpResponse:
        token = self.runtime.settings.admin_token
        if not token:
            raise AdminError(
                404, "AdminDisabled", "The admin interface is disabled; start the server with --admin-token."
            )
        _check_token(request, token)
        if request.too_large:
            raise AdminError(413, "RequestTooLarge", "The request body is too large.")
        path = request.path[len(ADMIN_PREFIX) :]
        allowed: list[str] = []
        for method, pattern, handler in _COMPILED:
            match = pattern.fullmatch(path)
            if match is None:
                continue
            if method != request.method:
                allowed.append(method)
                continue
            call = AdminCall(
                match.groups(),
                _json_body(request),
                dict(request.query),
                self.runtime.clock.now(),
                self.runtime.settings.behaviour,
            )
            # A GET only reads: one consistent read that takes no write lock.
            with self.runtime.store.unit_of_work(read_only=request.method == "GET") as uow:
                status, document = handler(call, uow)
                uow.commit()
            if request.method != "GET":
                self.runtime.faults.invalidate()  # this worker sees changed fault rules at once
                # Identifiers only: a created key's secret is in the answer, never in the log.
                self.runtime.log.info("admin: %s %s -> %d", request.method, request.path, status)
            return json_response(status, document)
        if allowed:
            raise AdminError(
                405,
                "MethodNotAllowed",
                f"{request.method} is not allowed here; use {', '.join(allowed)}.",
                headers=[("allow", ", ".join(allowed))],
            )
        raise AdminError(404, "NotFound", f"No admin operation at {request.path}.")


def _check_token(request: HttpRequest, token: str) -> None:
    header = request.header("authorization") or ""
    scheme, _, given = header.partition(" ")
    challenge = [("www-authenticate", 'Bearer realm="classiclink-admin"')]
    if scheme.lower() != "bearer" or not given.strip():
        raise AdminError(401, "Unauthorized", "Send the admin token as 'Authorization: Bearer <token>'.", challenge)
    # Constant time, so the answer's timing says nothing about how much of the token was right.
    if not hmac.compare_digest(given.strip().encode("utf-8", "surrogatepass"), token.encode()):
        raise AdminError(403, "Forbidden", "The admin token is not valid.")


def _json_body(request: HttpRequest) -> dict[str, Any]:
    # Content-Type is not insisted on: curl -d sends form encoding by default, and the body is JSON anyway.
    if not request.body.strip():
        return {}
    try:
        document = json.loads(request.body)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: absurdly nested JSON
        raise AdminError(400, "MalformedJSON", "The request body is not valid JSON.") from None
    if not isinstance(document, dict):
        raise AdminError(400, "MalformedJSON", "The request body must be a JSON object.")
    return document


def _error(err: AdminError) -> HttpResponse:
    response = json_response(err.status, {"Code": err.code, "Message": err.message})
    return HttpResponse(response.status, response.body, response.content_type, err.headers)
