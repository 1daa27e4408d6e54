"""Hand-signed RPC requests (signature V1) over plain ``requests``, for what the SDKs never send:
GET, everything in a form body, odd Format values, wrong methods, missing Action (api-spec §5.1–5.4).

Signing uses the server's own pure functions (classiclink.gateway.signature); they are checked against the
documented vector in the unit tests, and the SDK e2e tests prove they agree with the real clients.
"""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import requests

from classiclink.gateway.signature import v1_signature, v1_string_to_sign

from .clients import ACCESS_KEY_ID, ACCESS_KEY_SECRET

VPC_VERSION = "2016-04-28"
ECS_VERSION = "2014-05-26"


def common_params(key: str = ACCESS_KEY_ID) -> dict[str, str]:
    """The V1 signature fields, fresh nonce and timestamp each time."""
    return {
        "AccessKeyId": key,
        "SignatureMethod": "HMAC-SHA1",
        "SignatureVersion": "1.0",
        "SignatureNonce": uuid.uuid4().hex,
        "Timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def signed(method: str, params: Mapping[str, Any], key: str = ACCESS_KEY_ID,
           secret: str = ACCESS_KEY_SECRET) -> dict[str, str]:  # fmt: skip
    """``params`` plus the common fields and a valid ``Signature`` for ``method``."""
    all_params = {**common_params(key), **{k: str(v) for k, v in params.items()}}
    all_params["Signature"] = v1_signature(secret, v1_string_to_sign(method, all_params.items()))
    return all_params


def send(url: str, params: Mapping[str, Any], method: str = "GET", in_body: bool = False,
         headers: Mapping[str, str] | None = None, sign_as: str | None = None) -> requests.Response:  # fmt: skip
    """Sign and send. GET/others: everything in the query; ``in_body``: everything in a form body, like
    Node pop-core's POST. ``sign_as`` signs for another method than the one sent (e.g. a PUT signed as GET)."""
    body = signed(sign_as or method, params)
    if in_body:
        return requests.request(method, url, data=body, headers=dict(headers or {}), timeout=10)
    return requests.request(method, url, params=body, headers=dict(headers or {}), timeout=10)


def vpc(url: str, action: str, method: str = "GET", **params: Any) -> requests.Response:
    return send(url, {"Action": action, "Version": VPC_VERSION, "Format": "JSON", **params}, method)


def ecs(url: str, action: str, method: str = "GET", **params: Any) -> requests.Response:
    return send(url, {"Action": action, "Version": ECS_VERSION, "Format": "JSON", **params}, method)


# --- Below the HTTP client: raw bytes over a socket, and the server's database read directly ---------------


@dataclass
class RawAnswer:
    """An HTTP response read off a socket: status, lower-cased headers, body, and how long it took."""

    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float


def exchange(port: int, data: bytes, timeout: float = 10.0, chunks: list[bytes] | None = None) -> RawAnswer:
    """Send ``data`` (and then each of ``chunks``) on a new connection and read one response.

    Sending and reading overlap (the response may come before the client has sent everything), so a
    server that answers early is not mistaken for one that hangs."""
    start = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        sender = threading.Thread(target=_send_all, args=(conn, [data, *(chunks or [])]), daemon=True)
        sender.start()
        received = b""
        while b"\r\n\r\n" not in received:
            received += _recv(conn)
        head, _, body = received.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
        length = int(headers.get("content-length", "0"))
        while len(body) < length:
            body += _recv(conn)
        return RawAnswer(int(lines[0].split()[1]), headers, body[:length], time.monotonic() - start)


def _recv(conn: socket.socket) -> bytes:
    chunk = conn.recv(65536)
    if not chunk:
        raise ConnectionError("the server closed the connection before a whole response")
    return chunk


def _send_all(conn: socket.socket, parts: list[bytes]) -> None:
    with contextlib.suppress(OSError):  # the server may answer and stop reading early; that is allowed
        for part in parts:
            conn.sendall(part)


def request_bytes(method: str, target: str, headers: Mapping[str, str] | None = None, body: bytes = b"") -> bytes:
    """An HTTP/1.1 request. ``Content-Length`` is added for ``body`` unless ``headers`` set their own framing."""
    fields = {"Host": "127.0.0.1", **(headers or {})}
    if body and not any(k.lower() in ("content-length", "transfer-encoding") for k in fields):
        fields["Content-Length"] = str(len(body))
    head = f"{method} {target} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields.items()) + "\r\n"
    return head.encode("latin-1") + body


def query_string(params: Mapping[str, str]) -> str:
    """Parameters percent-encoded as the SDKs send them (space as %20)."""
    return urlencode(params, quote_via=quote, safe="-_.~")


# Tables that hold the emulated cloud's state. ``nonces`` is left out: every signed request adds one,
# refused or not (a used nonce stays used).
STATE_TABLES = ("accounts", "users", "access_keys", "policies", "vpcs", "vswitches", "route_tables",
                "route_entries", "security_groups", "instances", "links", "client_tokens")  # fmt: skip


def read_only(database: str) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10)


def stored_state(database: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every state table, in a stable order: equal snapshots mean nothing changed."""
    with contextlib.closing(read_only(database)) as conn:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in STATE_TABLES}
