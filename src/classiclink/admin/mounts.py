"""What the edge mounts beside the RPC endpoint: the admin interface, its web console and the readiness probe.

The admin interface and the console are built on their first request: between them they import most of
the package (the config parser, RAM policies, every admin view, the console's pages), which a server that
only answers the APIs never needs, and which took a third of the start-up (issue 11). The probe is answered
from here, so polling it for readiness costs no such import.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from ..gateway.context import Runtime
from ..http import HttpRequest, HttpResponse, json_response

ADMIN_PREFIX = "/_classiclink/admin"
CONSOLE_PREFIX = "/_classiclink/console"
HEALTH_PATH = "/_classiclink/health"

Mounted = Callable[[HttpRequest], HttpResponse]


class _BuiltOnFirstRequest:
    """A mounted app made on its first request; mounts run in the edge's store threads, hence the lock."""

    def __init__(self, build: Callable[[], Mounted]) -> None:
        self._build = build
        self._app: Mounted | None = None
        self._lock = threading.Lock()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        app = self._app
        if app is None:
            with self._lock:
                if self._app is None:
                    self._app = self._build()
                app = self._app
        return app(request)


def _admin_app(runtime: Runtime) -> Mounted:
    from .http import AdminApp

    return AdminApp(runtime)


def _console_app(runtime: Runtime) -> Mounted:
    from ..console import ConsoleApp  # the console renders admin views

    return ConsoleApp(runtime)


def _refusal(status: int, code: str, message: str, headers: list[tuple[str, str]] | None = None) -> HttpResponse:
    """The admin interface's error document (admin/http.py answers its AdminError the same way)."""
    response = json_response(status, {"Code": code, "Message": message})
    return HttpResponse(response.status, response.body, response.content_type, headers or [])


class HealthApp:
    """``GET /_classiclink/health``: no authentication; 200 when the store answers, 503 when it does not."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.rstrip("/") != HEALTH_PATH:
            return _refusal(404, "NotFound", f"No route at {request.path}.")
        if request.method not in ("GET", "HEAD"):
            return _refusal(405, "MethodNotAllowed", "Use GET.", headers=[("allow", "GET, HEAD")])
        try:
            with self.runtime.store.unit_of_work() as uow:
                uow.accounts.count(account_id=None)
        except Exception:
            self.runtime.log.exception("health check: the store did not answer")
            return json_response(503, {"status": "unavailable"})
        return json_response(200, {"status": "ok"})


def admin_mounts(runtime: Runtime) -> dict[str, Mounted]:
    """The edge mounts, by path prefix: the admin interface, its web console and the readiness probe."""
    return {
        ADMIN_PREFIX: _BuiltOnFirstRequest(lambda: _admin_app(runtime)),
        CONSOLE_PREFIX: _BuiltOnFirstRequest(lambda: _console_app(runtime)),
        HEALTH_PATH: HealthApp(runtime),
    }
