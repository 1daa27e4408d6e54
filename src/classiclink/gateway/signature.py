"""Signature algorithms of Alibaba Cloud's RPC OpenAPI: V1 (HMAC-SHA1) and V3 (ACS3-HMAC-SHA256).

Pure functions over already-decoded request data: no HTTP, no I/O, no clock. The gateway decodes
the request (form rules, ``+`` means space), hands the pieces here and compares the result with what
the client sent. Rebuilding from decoded values, never from the raw wire text, is what makes the
three client families agree: they put a space on the wire as ``%20`` or ``+`` but all sign ``%20``
(api-spec §5.4, §5.5; sdk-wire §3).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote

__all__ = [
    "V3Authorization",
    "parse_v3_authorization",
    "percent_encode",
    "sha256_hex",
    "signatures_equal",
    "v1_signature",
    "v1_string_to_sign",
    "v3_canonical_request",
    "v3_signature",
    "v3_string_to_sign",
]

# RFC 3986 unreserved punctuation. quote() adds ASCII letters and digits itself, and nothing else:
# '/' must be encoded too, so the default safe='/' is overridden.
_UNRESERVED_PUNCTUATION = "-_.~"


@functools.lru_cache(maxsize=8192)
def percent_encode(value: str) -> str:
    """RFC 3986 percent-encoding of UTF-8 bytes, keeping only A-Z a-z 0-9 - _ . ~ (space -> %20, * -> %2A).

    Hex digits are upper-case, as every SDK produces them. A lone surrogate (which the default
    ``parse_qsl(errors="replace")`` never produces) raises ``UnicodeEncodeError``. Cached: most names and
    values (Action, Version, RegionId ...) recur on every request.
    """
    return quote(value, safe=_UNRESERVED_PUNCTUATION, encoding="utf-8", errors="strict")


# --- V1 (RPC, HMAC-SHA1; also called "v2" by the Tea SDK) -------------------------------------------


def v1_string_to_sign(method: str, params: Iterable[tuple[str, str]]) -> str:
    """Build the V1 StringToSign.

    params: every (name, value) pair from the query and form body, already form-decoded, EXCEPT
    Signature (the caller drops it; this function signs exactly what it is given). Pairs are sorted
    by name in code-point order, which for UTF-8 is also byte order; a repeated name is ordered by
    value so the result never depends on arrival order. Empty values stay (``SignatureType=`` is
    signed by the legacy SDK).
    Returns ``METHOD&%2F&pe(canonical)`` where canonical = '&'.join(pe(k) + '=' + pe(v)).
    """
    canonical = "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params))
    # The method is used as sent: clients sign the method they actually use, GET or POST.
    return f"{method}&{percent_encode('/')}&{_encode_canonical(canonical)}"


def _encode_canonical(canonical: str) -> str:
    """``percent_encode(canonical)``, for a string made of percent-encoded pieces joined by "=" and "&": it
    holds nothing else that needs encoding, so three replacements do what quote() does character by
    character (the canonical string is new on every request, so no cache helps)."""
    return canonical.replace("%", "%25").replace("=", "%3D").replace("&", "%26")


def v1_signature(secret: str, string_to_sign: str) -> str:
    """base64(HMAC-SHA1(secret + '&', string_to_sign)).

    The trailing '&' is part of the documented key, not a separator to strip: V3 has none, V1 needs it.
    """
    key = f"{secret}&".encode()
    digest = hmac.new(key, string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


# --- V3 (ACS3-HMAC-SHA256) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class V3Authorization:
    """The parts of an ``Authorization: ACS3-... Credential=..,SignedHeaders=..,Signature=..`` header."""

    algorithm: str  # e.g. "ACS3-HMAC-SHA256"; the caller decides which algorithms it supports
    access_key_id: str
    signed_headers: tuple[str, ...]  # lower-case, in the order given
    signature: str


_V3_FIELDS = frozenset({"Credential", "SignedHeaders", "Signature"})


def parse_v3_authorization(header: str) -> V3Authorization | None:
    """Parse 'ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<h1;h2>,Signature=<hex>'.

    Spaces after commas are tolerated. Returns None when the header is not of that form: no
    algorithm token, a field missing, repeated or unknown, an empty id, signature or header name.
    Any algorithm token is accepted (ACS3-HMAC-SM3 exists); checking it is the caller's job.
    """
    parts = header.strip().split(None, 1)
    if len(parts) != 2:
        return None
    algorithm, rest = parts
    # A token containing '=' or ',' means the algorithm was left out ("Credential=...,...").
    if "=" in algorithm or "," in algorithm:
        return None

    fields: dict[str, str] = {}
    for item in rest.split(","):
        name, sep, value = item.strip().partition("=")
        # A repeated field is ambiguous; refusing it beats guessing which one the client signed with.
        if not sep or name not in _V3_FIELDS or name in fields:
            return None
        fields[name] = value
    if fields.keys() != _V3_FIELDS:
        return None

    access_key_id = fields["Credential"]
    signature = fields["Signature"]
    # Header names are case-insensitive on the wire; the canonical form is lower case.
    signed_headers = tuple(h.strip().lower() for h in fields["SignedHeaders"].split(";"))
    if not access_key_id or not signature or not all(signed_headers):
        return None
    if any(c.isspace() for c in access_key_id + signature):
        return None
    return V3Authorization(algorithm, access_key_id, signed_headers, signature)


def v3_canonical_request(
    method: str,
    query: Iterable[tuple[str, str]],
    headers: Mapping[str, list[str]],
    signed_headers: Sequence[str],
    hashed_payload: str,
    path: str = "/",
) -> str:
    """Build the V3 CanonicalRequest, byte for byte as the official example (api-spec §5.5).

    query: form-decoded (name, value) pairs of the URL query only; a form body is covered by
    hashed_payload, not listed here. headers: lower-case header name -> list of raw values as
    received (a header may repeat). signed_headers: the client's SignedHeaders list; it is used as
    is rather than a fixed list, because the Python Tea SDK signs every header it sends (accept,
    user-agent, ...) while other SDKs sign fewer. A signed header that is absent contributes an empty
    value, so the result simply fails to match instead of raising on client input.
    """
    canonical_query = "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(query))

    names = sorted(h.lower() for h in signed_headers)
    canonical_headers = "".join(
        # Several values of one header: trim each, sort, join with ',' (W-V3-ROA, Tea SDK).
        f"{name}:{','.join(sorted(v.strip() for v in headers.get(name, [])))}\n"
        for name in names
    )
    # The headers block ends with its own '\n', so joining with '\n' leaves the blank line the
    # official example shows between the headers and the SignedHeaders list.
    return "\n".join([method, path, canonical_query, canonical_headers, ";".join(names), hashed_payload])


def v3_string_to_sign(canonical_request: str, algorithm: str = "ACS3-HMAC-SHA256") -> str:
    """algorithm + '\\n' + hex(sha256(canonical_request))."""
    # UTF-8, as the SDKs hash it. Header text decoded by the server as latin-1 gives back what the
    # client hashed, as long as the client sent latin-1-representable values (http.client must).
    return f"{algorithm}\n{sha256_hex(canonical_request.encode())}"


def v3_signature(secret: str, string_to_sign: str) -> str:
    """hex(HMAC-SHA256(secret, string_to_sign)); unlike V1 the key has no '&' suffix."""
    return hmac.new(secret.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()


def sha256_hex(body: bytes) -> str:
    """Lower-case hex SHA-256, the form of ``x-acs-content-sha256`` and of the V3 hashed payload."""
    return hashlib.sha256(body).hexdigest()


def signatures_equal(a: str, b: str) -> bool:
    """Constant-time comparison, so response timing leaks nothing about the expected signature.

    compare_digest only takes ASCII str, and a client may send anything, hence the bytes.
    surrogatepass keeps a surrogate-escaped wire value from raising; it then just compares unequal.
    """
    return hmac.compare_digest(a.encode("utf-8", "surrogatepass"), b.encode("utf-8", "surrogatepass"))
