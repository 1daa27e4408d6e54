"""Chain step: who is calling — signature fields, timestamp, AccessKey, signature (V1 and V3).

Order follows api-spec §5.8: missing fields, bad SignatureMethod/SignatureVersion, timestamp format,
clock skew, unknown or disabled key, the SecurityToken (temporary STS credentials must carry theirs;
a long-term key must carry none), then the signature itself. The server-side string-to-sign goes
into the mismatch message (the legacy SDK compares it with its own) and into the debug log.
"""

from __future__ import annotations

import functools
import hmac
import re
from datetime import UTC, datetime
from typing import Any

from .. import errors
from ..domain import sts
from . import signature as sig
from .context import Identity, RequestContext, Runtime

_V1_REQUIRED = ("AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp")
# UTC in ISO 8601 with a "Z", as every SDK sends it; fractional seconds of any length are accepted
# (aliyun-sdk sends JavaScript's toISOString(), "...T07:03:41.834Z", and the real service takes it).
# Offsets, a missing "Z", a space for "T" or a date alone are refused (docs/compatibility.md).
_TIMESTAMP = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


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
    identity, secret = _credential(params["AccessKeyId"], params.get("SecurityToken", ""), ctx, rt)

    signed = [(k, v) for k, v in (*ctx.http.query, *ctx.http.form) if k != "Signature"]
    string_to_sign = sig.v1_string_to_sign(ctx.http.method, signed)
    expected = sig.v1_signature(secret, string_to_sign)
    if rt.settings.verify_signatures and not sig.signatures_equal(expected, params["Signature"]):
        rt.log.debug("V1 signature mismatch for %s; server string to sign: %s", identity.access_key_id, string_to_sign)
        raise errors.SignatureDoesNotMatch(string_to_sign=string_to_sign)
    _accept(ctx, identity, params["SignatureNonce"])


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
    # V3 carries the token in x-acs-security-token (api-spec §5.11).
    token = http.header("x-acs-security-token") or ctx.params.get("SecurityToken", "")
    identity, secret = _credential(auth.access_key_id, token, ctx, rt)

    payload_hash = http.header("x-acs-content-sha256") or ""
    canonical = sig.v3_canonical_request(http.method, http.query, http.headers, auth.signed_headers, payload_hash)
    string_to_sign = sig.v3_string_to_sign(canonical)
    expected = sig.v3_signature(secret, string_to_sign)
    if rt.settings.verify_signatures and (
        not sig.signatures_equal(expected, auth.signature) or payload_hash != sig.sha256_hex(http.body)
    ):
        rt.log.debug("V3 signature mismatch for %s; canonical request:\n%s", identity.access_key_id, canonical)
        raise errors.SignatureDoesNotMatch(string_to_sign=string_to_sign)
    _accept(ctx, identity, http.header("x-acs-signature-nonce") or "")


def _check_timestamp(text: str, ctx: RequestContext, rt: Runtime) -> None:
    when = _epoch_seconds(text)
    if when is None:
        raise errors.InvalidTimestampFormat()
    if abs(ctx.now - when) > rt.settings.timestamp_skew:
        raise errors.TimestampExpired()


@functools.lru_cache(maxsize=1024)
def _epoch_seconds(text: str) -> float | None:
    """The instant a Timestamp names, or None if it is not one. Cached: a busy client sends the same
    second's stamp many times over."""
    match = _TIMESTAMP.fullmatch(text)
    if match is None:
        return None
    try:
        year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
        stamp = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:  # an impossible date or time (2024-13-40, 25:00)
        return None
    return (stamp - _EPOCH).total_seconds() + float(match.group(7) or 0)


def _read(rt: Runtime, table: str, key_id: str) -> tuple[Any, int]:
    """A key or STS credential from the store, and the identity version it was read at. Read-only: an
    unauthenticated request takes no write lock."""
    with rt.store.unit_of_work(read_only=True) as uow:
        version = uow.identity_version()
        row = getattr(uow, table).get(key_id, account_id=None)
    rt.identities.invalidate(version)
    return row, version


def _credential(access_key_id: str, token: str, ctx: RequestContext, rt: Runtime) -> tuple[Identity, str]:
    """Who the key names, and the secret to check the signature with (gateway/identities.py: cached per
    worker, checked against the store's identity version when the nonce is claimed)."""
    if sts.is_temporary(access_key_id):
        return _temporary(access_key_id, token, ctx, rt)
    key, version = rt.identities.access_key(access_key_id)
    if key is None:
        key, version = _read(rt, "access_keys", access_key_id)
        if key is not None and key.status == "Active":
            rt.identities.remember_key(version, key)
    ctx.identity_version = version
    if key is None:
        raise errors.AccessKeyNotFound()
    if key.status != "Active":
        raise errors.AccessKeyInactive()
    if token:
        # A long-term key has no token: one sent anyway is refused, not ignored (docs/compatibility.md, STS).
        raise errors.SecurityTokenMalformed() if sts.token_owner(token) is None else errors.SecurityTokenMismatch()
    return Identity(account_id=key.account_id, access_key_id=key.id, user_name=key.user_name), key.secret


def _temporary(access_key_id: str, token: str, ctx: RequestContext, rt: Runtime) -> tuple[Identity, str]:
    credential, version = rt.identities.sts_credential(access_key_id)
    if credential is None:
        credential, version = _read(rt, "sts_credentials", access_key_id)
        if credential is not None:
            rt.identities.remember_sts(version, credential)
    ctx.identity_version = version
    if credential is None:
        raise errors.AccessKeyNotFound()
    if not token:
        raise errors.MissingSecurityToken()
    owner = sts.token_owner(token)
    if owner is None:
        raise errors.SecurityTokenMalformed()
    if owner != credential.id or not hmac.compare_digest(token.encode(), credential.token.encode()):
        raise errors.SecurityTokenMismatch()
    if credential.expires_at <= ctx.now:
        raise errors.SecurityTokenExpired()
    identity = Identity(
        account_id=credential.account_id,
        access_key_id=credential.id,
        role_name=credential.role_name,
        role_id=credential.role_id,
        session_name=credential.session_name,
        session_policy=credential.session_policy,
    )
    return identity, credential.secret


def _accept(ctx: RequestContext, identity: Identity, nonce: str) -> None:
    ctx.identity = identity
    ctx.nonce_id = f"{identity.access_key_id}:{nonce}"
