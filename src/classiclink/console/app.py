"""The console's HTTP handler, mounted at ``/_classiclink/console`` beside the admin interface.

Off (404, as the admin interface answers) without an admin token. Static files and the login form are
open; every other page needs the token (``Authorization: Bearer``) or the session cookie the login form
sets (console/auth.py). Without either: the login page, as HTML with status 401; never the data. The
console only reads, in read-only units of work; logout is its one form that changes anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from ..admin.state import KINDS
from ..domain.regions import REGIONS, find_region
from ..gateway.context import Runtime
from ..gateway.recent import RecentRequests
from ..http import HttpRequest, HttpResponse, json_response
from . import auth, reach, views
from .markup import HTML_TYPE, PREFIX, esc

STATIC = {"console.css": "text/css;charset=utf-8", "console.js": "text/javascript;charset=utf-8"}
# Our own stylesheet and script only; no inline script or style, nothing from elsewhere.
SECURITY_HEADERS = [
    ("content-security-policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
]  # fmt: skip
_SEGMENT = "([^/]+)"


@dataclass(frozen=True)
class Session:
    """A caller who showed the token; ``cookie`` is their session cookie's value ("" for a bearer caller)."""

    cookie: str
    form_token: str | None


def _html(status: int, body: str, headers: list[tuple[str, str]] | None = None) -> HttpResponse:
    return HttpResponse(status, body.encode(), HTML_TYPE, [*SECURITY_HEADERS, ("cache-control", "no-store"),
                                                          *(headers or [])])  # fmt: skip


def _redirect(location: str, headers: list[tuple[str, str]] | None = None) -> HttpResponse:
    return HttpResponse(303, b"", HTML_TYPE, [("location", location), ("cache-control", "no-store"), *(headers or [])])


def _safe_next(path: str) -> str:
    """Only a console path: the login form must not send anyone to another site."""
    if path.startswith(PREFIX + "/") and not path.startswith("//") and "\\" not in path and "\n" not in path:
        return path
    return PREFIX + "/"


class ConsoleApp:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        Page = Callable[[HttpRequest, Session, tuple[str, ...]], HttpResponse]
        routes: list[tuple[str, Page]] = [
            ("/?", self._index),
            ("/pick", self._pick),
            (f"/accounts/{_SEGMENT}/regions/{_SEGMENT}/?", self._topology),
            (f"/accounts/{_SEGMENT}/regions/{_SEGMENT}/topology", self._topology_fragment),
            (f"/accounts/{_SEGMENT}/regions/{_SEGMENT}/reach", self._reach),
            (f"/accounts/{_SEGMENT}/{_SEGMENT}/{_SEGMENT}", self._resource),
            ("/requests/?", self._requests),
            ("/requests/fragment", self._requests_fragment),
            (f"/requests/{_SEGMENT}", self._request),
        ]
        self._routes = [(re.compile(pattern), page) for pattern, page in routes]

    @property
    def recent(self) -> RecentRequests:
        # Built with the runtime whenever an admin token is set (gateway/context.py).
        return self.runtime.recent or RecentRequests(capacity=1)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = self.runtime.settings.admin_token
        if not token:
            return json_response(404, {"Code": "AdminDisabled", "Message": "The admin interface is disabled; start "
                                       "the server with --admin-token."})  # fmt: skip
        try:
            return self._handle(request, token)
        except Exception:
            self.runtime.log.exception("console: internal error on %s %s", request.method, request.path)
            return _html(500, views.message_page("Internal error", "The page failed; see the server log."))

    def _handle(self, request: HttpRequest, token: str) -> HttpResponse:
        path = request.path[len(PREFIX) :]
        if path.startswith("/static/"):
            return self._static(path[len("/static/") :])
        if path == "/login":
            return self._login(request, token)
        session = self._session(request, token)
        if session is None:
            wrong = request.header("authorization") is not None or request.method == "POST"
            message = "The admin token is not valid." if wrong else ""
            target = request.path if request.method == "GET" and not path.endswith(("/topology", "/fragment")) else ""
            return _html(401, views.login_page(_safe_next(target), message), [("www-authenticate",
                                                                              'Bearer realm="classiclink-admin"')])  # fmt: skip
        if path == "/logout":
            return self._logout(request, session)
        if request.method not in ("GET", "HEAD"):
            return _html(405, views.message_page("Method not allowed", "The console only reads; use GET."),
                         [("allow", "GET, HEAD")])  # fmt: skip
        for pattern, page in self._routes:
            match = pattern.fullmatch(path)
            if match is not None:
                return page(request, session, match.groups())
        return self._not_found(session, f"There is no console page at {request.path}.")

    # --- authentication ---------------------------------------------------------------------------------

    def _session(self, request: HttpRequest, token: str) -> Session | None:
        given = auth.bearer(request)
        if given is not None:
            return Session("", None) if auth.token_matches(given, token) else None
        cookie = auth.cookie_value(request)
        if cookie and auth.session_valid(cookie, token, self.runtime.clock.now()):
            return Session(cookie, auth.form_token(token, cookie))
        return None

    def _login(self, request: HttpRequest, token: str) -> HttpResponse:
        form = dict(request.form)
        if request.method == "GET":
            return _html(200, views.login_page(_safe_next(dict(request.query).get("next", ""))))
        if request.method != "POST":
            return _html(405, views.message_page("Method not allowed", "Use GET or POST."), [("allow", "GET, POST")])
        target = _safe_next(form.get("next", ""))
        if not auth.token_matches(form.get("token", ""), token):
            self.runtime.log.info("console: a login with a wrong token from %s", request.client_ip)
            return _html(401, views.login_page(target, "The admin token is not valid."))
        cookie = auth.issue(token, self.runtime.clock.now())
        return _redirect(target, [auth.set_cookie(cookie, request.secure)])

    def _logout(self, request: HttpRequest, session: Session) -> HttpResponse:
        if request.method != "POST":
            return _html(405, views.message_page("Method not allowed", "Log out with the button (POST)."),
                         [("allow", "POST")])  # fmt: skip
        given = dict(request.form).get("csrf", "")
        if session.form_token is None or not auth.token_matches(given, session.form_token):
            return _html(403, views.message_page("Forbidden", "The form token is missing or wrong; reload the page."))
        return _redirect(PREFIX + "/login", [auth.clear_cookie()])

    # --- pages ------------------------------------------------------------------------------------------

    def _nav(self, session: Session) -> str:
        return views.nav(session.form_token)

    def _not_found(self, session: Session, message: str) -> HttpResponse:
        return _html(404, views.message_page("Not found", message, self._nav(session)))

    def _static(self, name: str) -> HttpResponse:
        if name not in STATIC:
            return HttpResponse(404, b"not found", "text/plain;charset=utf-8", list(SECURITY_HEADERS))
        body = resources.files(__package__).joinpath("static", name).read_bytes()
        return HttpResponse(200, body, STATIC[name], [*SECURITY_HEADERS, ("cache-control", "no-cache")])

    def _index(self, request: HttpRequest, session: Session, parts: tuple[str, ...]) -> HttpResponse:
        with self.runtime.store.unit_of_work(read_only=True) as uow:
            known = views.accounts(uow)
        if not known:
            return _html(200, views.message_page("No accounts", "The server holds no account yet.", self._nav(session)))
        region = views.DEFAULT_REGION if views.DEFAULT_REGION in REGIONS else next(iter(REGIONS))
        return _redirect(f"{PREFIX}/accounts/{known[0].id}/regions/{region}/")

    def _pick(self, request: HttpRequest, session: Session, parts: tuple[str, ...]) -> HttpResponse:
        query = dict(request.query)
        account, region = query.get("account", ""), query.get("region", "")
        if not account.isdigit() or find_region(region) is None:
            return self._not_found(session, "Pick an account and a region from the lists.")
        return _redirect(f"{PREFIX}/accounts/{account}/regions/{region}/")

    def _scope_problem(self, account_id: str, region_id: str) -> str | None:
        if find_region(region_id) is None:
            return f"There is no region {region_id!r}."
        with self.runtime.store.unit_of_work(read_only=True) as uow:
            if uow.accounts.get(account_id, account_id=None) is None:
                return f"There is no account {account_id!r}."
        return None

    def _topology(self, request: HttpRequest, session: Session, parts: tuple[str, ...]) -> HttpResponse:
        account_id, region_id = parts
        problem = self._scope_problem(account_id, region_id)
        if problem:
            return self._not_found(session, problem)
        with self.runtime.store.unit_of_work(read_only=True) as uow:
            body = views.topology_page(uow, account_id, region_id, self.runtime.clock.now(), self._nav(session))
        return _html(200, body)

    def _topology_fragment(self, request: HttpRequest, session: Session, parts: tuple[str, ...]) -> HttpResponse:
        account_id, region_id = parts
        problem = self._scope_problem(account_id, region_id)
        if problem:
            return _html(404, f'<p class="error">{esc(problem)}</p>')
        with self.runtime.store.unit_of_work(read_only=True) as uow:
            body = views.topology_fragment(uow, account_id, region_id, self.runtime.clock.now())
        return _html(200, body)

    def _reach(self, request: HttpRequest, session: Session, parts: tuple[str, ...]) -> HttpResponse:
        account_id, region_id = parts
        problem = self._scope_problem(account_id, region_id)
        if problem:
            return self._not_found(session, problem)
        with self.runtime.store.unit_of_work(read_only=True) as uow:
            status, body = reach.reach_page(uow, account_id, region_id, dict(request.query), self.runtime.clock.now(),
                                            self._nav(session))  # fmt: skip
        return _html(status, body)

    def _resource(self, request: HttpRequest, session: Session, parts: tuple[str, ...]) -> HttpResponse:
        account_id, kind, resource_id = parts
        if kind not in KINDS:
            return self._not_found(session, f"There is no resource kind {kind!r}; the kinds are {', '.join(KINDS)}.")
        with self.runtime.store.unit_of_work(read_only=True) as uow:
            obj = getattr(uow, KINDS[kind]).get(resource_id, account_id=account_id)
            if obj is None:
                return self._not_found(session, f"Account {account_id} has no {kind} {resource_id!r}.")
            body = views.resource_page(uow, account_id, kind, obj, self.runtime.clock.now(), self._nav(session))
        return _html(200, body)

    def _requests(self, request: HttpRequest, session: Session, parts: tuple[str, ...]) -> HttpResponse:
        chosen = views.log_filters(dict(request.query))
        return _html(200, views.log_page(self.recent, chosen, self._nav(session)))

    def _requests_fragment(self, request: HttpRequest, session: Session, parts: tuple[str, ...]) -> HttpResponse:
        return _html(200, views.log_fragment(self.recent, views.log_filters(dict(request.query))))

    def _request(self, request: HttpRequest, session: Session, parts: tuple[str, ...]) -> HttpResponse:
        entry = self.recent.get(parts[0])
        if entry is None:
            return self._not_found(session, f"Request {parts[0]!r} is not among this worker's recent requests "
                                            f"(each worker process keeps its own newest {self.recent.capacity}).")  # fmt: skip
        return _html(200, views.request_page(entry, self._nav(session)))
