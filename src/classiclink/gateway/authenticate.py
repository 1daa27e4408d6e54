"""Chain step: who is calling — signature fields, timestamp, AccessKey, signature (V1 and V3).

Order follows api-spec §5.8: missing fields, bad SignatureMethod/SignatureVersion, timestamp format,
clock skew, unknown or disabled key, then the signature itself. The server-side string-to-sign goes
into the mismatch message (the legacy SDK compares it with its own) and into the debug log.
"""

from __future__ import annotations

import re
from calendar import timegm
from time import strptime

from .. import errors
from ..domain.identity import AccessKey
from . import signature as sig
from .context import Identity, RequestContext, Runtime

_V1_REQUIRED = ("AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp")
# UTC in ISO 8601 with a "Z", as every SDK sends it; fractional seconds of any length are accepted
# (aliyun-sdk sends JavaScript's toISOString(), "...T07:03:41.834Z", and the real service takes it).
# Offsets, a missing "Z", a space for "T" or a date alone are refused (docs/compatibility.md).
_TIMESTAMP = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?Z")


def verify_signature(ctx: RequestContext, rt: Runtime) -> None:
    if ctx.scheme == "v3":
        _verify_v3(ctx, rt)
    else:
        _verify_v1(ctx, rt)


def _verify_v1(ctx: RequestContext, rt: Runtime) -> None:
    params = ctx.params
    for name in _V1_REQUIRED:
        if not params.get(name):
            raise errors.MissingSignature() if name == "Signature" else errors.MissingParameter(name=name)
    if params["SignatureMethod"] != "HMAC-SHA1":
        raise errors.InvalidSignatureParameter(name="SignatureMethod")
    if params["SignatureVersion"] != "1.0":
        raise errors.InvalidSignatureParameter(name="SignatureVersion")
    _check_timestamp(params["Timestamp"], ctx, rt)
    key = _access_key(params["AccessKeyId"], ctx, rt)

    signed = [(k, v) for k, v in (*ctx.http.query, *ctx.http.form) if k != "Signature"]
    string_to_sign = sig.v1_string_to_sign(ctx.http.method, signed)
    expected = sig.v1_signature(key.secret, string_to_sign)
    if rt.settings.verify_signatures and not sig.signatures_equal(expected, params["Signature"]):
        rt.log.debug("V1 signature mismatch for %s; server string to sign: %s", key.id, string_to_sign)
        raise errors.SignatureDoesNotMatch(string_to_sign=string_to_sign)
    _accept(ctx, key, params["SignatureNonce"])


def _verify_v3(ctx: RequestContext, rt: Runtime) -> None:
    http = ctx.http
    auth = sig.parse_v3_authorization(http.header("authorization") or "")
    if auth is None or auth.algorithm != "ACS3-HMAC-SHA256":
        raise errors.IncompleteSignature(string_to_sign="")
    for header in ("x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"):
        if not http.header(header):
            raise errors.MissingParameter(name=header)
    # Every x-acs-* header and host must be covered by the signature, or a proxy could rewrite them.
    must_sign = {h for h in http.headers if h.startswith("x-acs-") or h == "host"}
    if not must_sign <= set(auth.signed_headers):
        raise errors.IncompleteSignature(string_to_sign="")
    _check_timestamp(http.header("x-acs-date") or "", ctx, rt)
    key = _access_key(auth.access_key_id, ctx, rt)

    payload_hash = http.header("x-acs-content-sha256") or ""
    canonical = sig.v3_canonical_request(http.method, http.query, http.headers, auth.signed_headers, payload_hash)
    string_to_sign = sig.v3_string_to_sign(canonical)
    expected = sig.v3_signature(key.secret, string_to_sign)
    if rt.settings.verify_signatures and (
        not sig.signatures_equal(expected, auth.signature) or payload_hash != sig.sha256_hex(http.body)
    ):
        rt.log.debug("V3 signature mismatch for %s; canonical request:\n%s", key.id, canonical)
        raise errors.SignatureDoesNotMatch(string_to_sign=string_to_sign)
    _accept(ctx, key, http.header("x-acs-signature-nonce") or "")


def _check_timestamp(text: str, ctx: RequestContext, rt: Runtime) -> None:
    match = _TIMESTAMP.fullmatch(text)
    if match is None:
        raise errors.InvalidTimestampFormat()
    try:
        when = timegm(strptime(match.group(1), "%Y-%m-%dT%H:%M:%S")) + float(match.group(2) or 0)
    except ValueError:
        raise errors.InvalidTimestampFormat() from None
    if abs(ctx.now - when) > rt.settings.timestamp_skew:
        raise errors.TimestampExpired()


def _access_key(access_key_id: str, ctx: RequestContext, rt: Runtime) -> AccessKey:
    assert ctx.uow is not None
    key = ctx.uow.access_keys.get(access_key_id, account_id=None)
    if key is None:
        raise errors.AccessKeyNotFound()
    if key.status != "Active":
        raise errors.AccessKeyInactive()
    return key


def _accept(ctx: RequestContext, key: AccessKey, nonce: str) -> None:
    ctx.identity = Identity(account_id=key.account_id, access_key_id=key.id, user_name=key.user_name)
    ctx.nonce_id = f"{key.id}:{nonce}"
