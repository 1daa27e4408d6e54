"""Who may see the console: the admin token, sent as ``Authorization: Bearer`` or exchanged once, on the
login form, for a session cookie.

The cookie never holds the token. Its value is ``<issued>.<mac>``: the time it was issued and an
HMAC-SHA256, keyed with the admin token, of that time. So every worker process of ``--workers N`` checks
it alike (no key to share), it stops working when the token changes or after ``SESSION_SECONDS``, and it
is compared in constant time. It is ``HttpOnly`` (no script reads it), ``SameSite=Strict`` (no other
site's page sends it) and scoped to the console's path. The one state-changing form, logout, also carries
a form token derived from the cookie (CSRF).
"""

from __future__ import annotations

import hashlib
import hmac

from ..http import HttpRequest
from .markup import PREFIX

COOKIE = "classiclink_console"
SESSION_SECONDS = 12 * 3600
# A cookie issued by a worker whose clock is a little ahead is still good.
CLOCK_SLACK = 60


def _mac(token: str, purpose: str, value: str) -> str:
    return hmac.new(token.encode("utf-8", "surrogatepass"), f"{purpose}|{value}".encode(), hashlib.sha256).hexdigest()


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass"))


def token_matches(given: str, token: str) -> bool:
    """Constant time: the answer's timing says nothing about how much of the token was right."""
    return bool(given) and _same(given, token)


def issue(token: str, now: float) -> str:
    issued = str(int(now))
    return f"{issued}.{_mac(token, 'console-session', issued)}"


def session_valid(value: str, token: str, now: float) -> bool:
    issued, _, mac = value.partition(".")
    if not issued.isdigit() or len(issued) > 12:
        return False
    age = now - int(issued)
    if not -CLOCK_SLACK <= age <= SESSION_SECONDS:
        return False
    return _same(mac, _mac(token, "console-session", issued))


def form_token(token: str, session: str) -> str:
    """The CSRF token of the forms a session posts."""
    return _mac(token, "console-form", session)


def cookie_value(request: HttpRequest, name: str = COOKIE) -> str:
    for header in request.headers.get("cookie", []):
        for part in header.split(";"):
            key, _, value = part.strip().partition("=")
            if key == name:
                return value.strip()
    return ""


def bearer(request: HttpRequest) -> str | None:
    """The bearer token sent, "" for an Authorization header of another kind, None for no header."""
    header = request.header("authorization")
    if header is None:
        return None
    scheme, _, given = header.partition(" ")
    return given.strip() if scheme.lower() == "bearer" else ""


def set_cookie(value: str, secure: bool) -> tuple[str, str]:
    flags = f"Path={PREFIX}/; HttpOnly; SameSite=Strict; Max-Age={SESSION_SECONDS}"
    return ("set-cookie", f"{COOKIE}={value}; {flags}{'; Secure' if secure else ''}")


def clear_cookie() -> tuple[str, str]:
    return ("set-cookie", f"{COOKIE}=; Path={PREFIX}/; HttpOnly; SameSite=Strict; Max-Age=0")
