"""Hand-signed RPC requests over plain HTTP, for what the official SDKs cannot send (a missing field, a
replayed nonce, an old timestamp) and for calling any action by name. Signing uses the server's own
helpers in ``classiclink.gateway.signature``, whose test vectors come from the documentation."""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import requests

from classiclink.gateway import signature as sig

ACCESS_KEY_ID = "testid"
ACCESS_KEY_SECRET = "testsecret"
REGION = "cn-hangzhou"
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


def v1_fields(action: str, version: str, key: str = ACCESS_KEY_ID, **business: str) -> dict[str, str]:
    """Every common V1 field (as the legacy SDK sends them, Format=JSON) plus the business parameters."""
    fields = {
        "Action": action,
        "Version": version,
        "Format": "JSON",
        "AccessKeyId": key,
        "SignatureMethod": "HMAC-SHA1",
        "SignatureVersion": "1.0",
        "SignatureNonce": nonce(),
        "Timestamp": timestamp(),
        "RegionId": REGION,
    }
    fields.update(business)
    return fields


def v1_string_to_sign(fields: Mapping[str, str], method: str = "POST") -> str:
    return sig.v1_string_to_sign(method, [(k, v) for k, v in fields.items() if k != "Signature"])


def v1_sign(fields: Mapping[str, str], secret: str = ACCESS_KEY_SECRET, method: str = "POST") -> dict[str, str]:
    """The fields with ``Signature`` added (or replaced)."""
    signed = dict(fields)
    signed["Signature"] = sig.v1_signature(secret, v1_string_to_sign(fields, method))
    return signed


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
