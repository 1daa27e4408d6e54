"""Hand-signed RPC requests over plain HTTP, for what the official SDKs never or cannot send: GET,
everything in a form body, odd Format values, wrong methods, a missing Action or field, a replayed nonce,
an old timestamp; and for calling any action by name (``Rpc``). Below the HTTP client: raw bytes over a
socket, and the server's database read directly (api-spec §5.1–5.4).

Signing (V1 and V3) uses the server's own pure functions (classiclink.gateway.signature); they are checked
against the documented vectors in the unit tests, and the SDK e2e tests prove they agree with the real clients.
"""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

import requests

from classiclink.gateway import signature as sig

from .sdk import ACCESS_KEY_ID, ACCESS_KEY_SECRET, REGION

VPC = "2016-04-28"
ECS = "2014-05-26"


def timestamp(offset: float = 0.0) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + offset))


def nonce() -> str:
    return uuid.uuid4().hex


@dataclass
class Answer:
    status: int
    body: dict[str, Any]

    @property
    def code(self) -> str | None:
        return self.body.get("Code")

    @property
    def message(self) -> str | None:
        return self.body.get("Message")

    @property
    def error(self) -> tuple[int, str | None, str | None]:
        return self.status, self.code, self.message


def _answer(response: requests.Response) -> Answer:
    return Answer(response.status_code, response.json())


def v1_common(key: str = ACCESS_KEY_ID) -> dict[str, str]:
    """The V1 signature fields, fresh nonce and timestamp each time."""
    return {
        "AccessKeyId": key,
        "SignatureMethod": "HMAC-SHA1",
        "SignatureVersion": "1.0",
        "SignatureNonce": nonce(),
        "Timestamp": timestamp(),
    }


def v1_fields(action: str, version: str, key: str = ACCESS_KEY_ID, **business: str) -> dict[str, str]:
    """Every common V1 field (as the legacy SDK sends them, Format=JSON) plus the business parameters."""
    return {"Action": action, "Version": version, "Format": "JSON", **v1_common(key), "RegionId": REGION, **business}


def v1_string_to_sign(fields: Mapping[str, str], method: str = "POST") -> str:
    return sig.v1_string_to_sign(method, [(k, v) for k, v in fields.items() if k != "Signature"])


def v1_sign(fields: Mapping[str, str], secret: str = ACCESS_KEY_SECRET, method: str = "POST") -> dict[str, str]:
    """The fields with ``Signature`` added (or replaced)."""
    signed = dict(fields)
    signed["Signature"] = sig.v1_signature(secret, v1_string_to_sign(fields, method))
    return signed


def signed(method: str, params: Mapping[str, Any], key: str = ACCESS_KEY_ID,
           secret: str = ACCESS_KEY_SECRET) -> dict[str, str]:  # fmt: skip
    """``params`` (any of them may be left out) plus the common fields, signed for ``method``."""
    return v1_sign({**v1_common(key), **{k: str(v) for k, v in params.items()}}, secret, method)


def send_v1(url: str, fields: Mapping[str, str], method: str = "POST") -> Answer:
    """Send already-prepared fields in the query string, as the legacy SDK does."""
    return _answer(requests.request(method, url, params=dict(fields), timeout=10))


@dataclass
class V3Request:
    """A V3 request ready to send; tests may change ``headers`` or ``authorization`` before sending."""

    url: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes = b""
    string_to_sign: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def send(self) -> Answer:
        response = requests.post(self.url, params=self.query, headers=self.headers, data=self.body, timeout=10)
        return _answer(response)


def v3_request(
    url: str,
    action: str,
    version: str,
    query: Mapping[str, str] | None = None,
    *,
    key: str = ACCESS_KEY_ID,
    secret: str = ACCESS_KEY_SECRET,
    date: str | None = None,
    signature_nonce: str | None = None,
    algorithm: str = "ACS3-HMAC-SHA256",
    extra_headers: Mapping[str, str] | None = None,
) -> V3Request:
    """An ACS3-HMAC-SHA256 request signed like the Tea SDK (every header it sets is signed)."""
    host = url.split("//", 1)[1].rstrip("/")
    headers = {
        "host": host,
        "x-acs-action": action,
        "x-acs-version": version,
        "x-acs-date": date or timestamp(),
        "x-acs-signature-nonce": signature_nonce or nonce(),
        "x-acs-content-sha256": sig.sha256_hex(b""),
        "accept": "application/json",
        **(extra_headers or {}),
    }
    params = {"RegionId": REGION, **(query or {})}
    signed = sorted(headers)
    canonical = sig.v3_canonical_request(
        "POST", list(params.items()), {k: [v] for k, v in headers.items()}, signed, headers["x-acs-content-sha256"]
    )
    string_to_sign = sig.v3_string_to_sign(canonical)
    signature = sig.v3_signature(secret, string_to_sign)
    headers["authorization"] = f"{algorithm} Credential={key},SignedHeaders={';'.join(signed)},Signature={signature}"
    return V3Request(url, params, headers, string_to_sign=string_to_sign)


class Rpc:
    """Call any action by name with one identity: V1-signed POST, parameters in the query."""

    def __init__(self, url: str, key: str = ACCESS_KEY_ID, secret: str = ACCESS_KEY_SECRET) -> None:
        self.url, self.key, self.secret = url, key, secret

    def __call__(self, action: str, version: str, **params: str) -> Answer:
        return send_v1(self.url, v1_sign(v1_fields(action, version, self.key, **params), self.secret))

    def ok(self, action: str, version: str, **params: str) -> dict[str, Any]:
        answer = self(action, version, **params)
        assert answer.status == 200, f"{action} failed: {answer.status} {answer.body}"
        return answer.body


def send(url: str, params: Mapping[str, Any], method: str = "GET", in_body: bool = False,
         headers: Mapping[str, str] | None = None, sign_as: str | None = None) -> requests.Response:  # fmt: skip
    """Sign and send. GET/others: everything in the query; ``in_body``: everything in a form body, like
    Node pop-core's POST. ``sign_as`` signs for another method than the one sent (e.g. a PUT signed as GET)."""
    body = signed(sign_as or method, params)
    if in_body:
        return requests.request(method, url, data=body, headers=dict(headers or {}), timeout=10)
    return requests.request(method, url, params=body, headers=dict(headers or {}), timeout=10)


def vpc(url: str, action: str, method: str = "GET", **params: Any) -> requests.Response:
    return send(url, {"Action": action, "Version": VPC, "Format": "JSON", **params}, method)


def ecs(url: str, action: str, method: str = "GET", **params: Any) -> requests.Response:
    return send(url, {"Action": action, "Version": ECS, "Format": "JSON", **params}, method)


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


def is_postgres(database: str) -> bool:
    return database.startswith(("postgresql://", "postgres://"))


def read_only(database: str) -> Any:
    """A read-only connection to a server's database, whichever the backend: sqlite3's, or one answering
    like it on PostgreSQL ("?" placeholders, rows by position or column name)."""
    if is_postgres(database):
        return PostgresConnection(database, read_only=True)
    return sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10)


def writable(database: str) -> Any:
    """A connection that may change a server's stored rows (tests moving a clock-bound value); commit()."""
    if is_postgres(database):
        return PostgresConnection(database, read_only=False)
    return sqlite3.connect(database, timeout=10)


def table_names(conn: Any) -> set[str]:
    if isinstance(conn, PostgresConnection):
        rows = conn.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
    else:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {row[0] for row in rows.fetchall()}


class Row(tuple[Any, ...]):
    """A row read by position, by column name, or as a dict (``dict(row)``), like ``sqlite3.Row``."""

    names: tuple[str, ...] = ()

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self.names.index(key))
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self.names)


class PostgresConnection:
    """psycopg behind the few sqlite3 calls the tests make on a server's database."""

    def __init__(self, url: str, read_only: bool) -> None:
        import psycopg

        self._conn = psycopg.connect(url, autocommit=read_only, connect_timeout=5)
        if read_only:
            self._conn.execute("SET default_transaction_read_only = on")
        self.row_factory: Any = None  # sqlite3's attribute; rows here always answer by name too

    def execute(self, sql: str, params: Any = ()) -> Any:
        def rows(cursor: Any) -> Any:
            names = tuple(column.name for column in cursor.description or ())

            def make(values: Any) -> Row:
                row = Row(values)
                row.names = names
                return row

            return make

        cursor = self._conn.cursor(row_factory=rows)
        cursor.execute(sql.replace("?", "%s"), tuple(params))
        return cursor

    def commit(self) -> None:
        self._conn.commit()

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> PostgresConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        # sqlite3's connection as a context manager ends the transaction and stays open; so does this.
        if not self._conn.closed:
            self._conn.rollback() if exc[0] is not None else self._conn.commit()


def stored_state(database: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every state table, in a stable order: equal snapshots mean nothing changed."""
    with contextlib.closing(read_only(database)) as conn:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in STATE_TABLES}
