"""SSH keys, written here: a fresh RSA key pair (CreateKeyPair), reading an OpenSSH public key
(ImportKeyPair), and the fingerprint both report.

The fingerprint is the one the key-pair reference pages describe: the MD5 digest of the public key blob,
as RFC 4716 section 4 defines it, in colon-separated lower-case hex. CreateKeyPair's private key is an
unencrypted PKCS #1 ``RSA PRIVATE KEY`` PEM of a 2048-bit key.
"""

from __future__ import annotations

import base64
import hashlib
import math
import secrets
import struct

# Key types ImportKeyPair accepts (its reference page's list, in OpenSSH names).
KEY_TYPES = (
    "ssh-rsa", "ssh-dss", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
    "ssh-rsa-cert-v00@openssh.com", "ssh-dss-cert-v00@openssh.com", "ssh-rsa-cert-v01@openssh.com",
    "ssh-dss-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com",
    "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521-cert-v01@openssh.com",
)  # fmt: skip
PUBLIC_EXPONENT = 65537
_SMALL_PRIMES = [p for p in range(3, 2000, 2) if all(p % d for d in range(3, math.isqrt(p) + 1, 2))]


def fingerprint(blob: bytes) -> str:
    digest = hashlib.md5(blob, usedforsecurity=False).hexdigest()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def parse_public_key(text: str) -> tuple[str, bytes] | None:
    """(key type, blob) of an OpenSSH ``type base64 [comment]`` line, or None when it is not one: the blob
    must decode and begin with the same type name."""
    parts = text.strip().split()
    if len(parts) < 2 or parts[0] not in KEY_TYPES:
        return None
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except ValueError:
        return None
    strings = _ssh_strings(blob)
    if not strings or strings[0] != parts[0].encode():
        return None
    if parts[0] == "ssh-rsa" and (len(strings) != 3 or int.from_bytes(strings[2], "big") < 2**511):
        return None  # e and n, with a modulus of at least 512 bits
    return parts[0], blob


def _ssh_strings(blob: bytes) -> list[bytes]:
    """The length-prefixed strings of an SSH wire blob; [] when it does not split into them exactly."""
    strings, at = [], 0
    while at < len(blob):
        if at + 4 > len(blob):
            return []
        (length,) = struct.unpack(">I", blob[at : at + 4])
        at += 4
        if at + length > len(blob):
            return []
        strings.append(blob[at : at + length])
        at += length
    return strings


def _is_probable_prime(n: int, rounds: int = 40) -> bool:
    if any(n % p == 0 for p in _SMALL_PRIMES):
        return n in _SMALL_PRIMES
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for _ in range(rounds):
        x = pow(secrets.randbelow(n - 3) + 2, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _prime(bits: int) -> int:
    while True:
        candidate = secrets.randbits(bits) | (3 << (bits - 2)) | 1  # top two bits set: n has exactly 2*bits
        if math.gcd(candidate - 1, PUBLIC_EXPONENT) == 1 and _is_probable_prime(candidate):
            return candidate


def _der_length(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    raw = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def _der_integer(value: int) -> bytes:
    raw = value.to_bytes(value.bit_length() // 8 + 1, "big")  # a leading zero byte keeps it positive
    return b"\x02" + _der_length(len(raw)) + raw


def _ssh_string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def _ssh_mpint(value: int) -> bytes:
    return _ssh_string(value.to_bytes(value.bit_length() // 8 + 1, "big"))


def new_rsa_key(bits: int = 2048) -> tuple[str, str]:
    """(PEM private key, OpenSSH public key line) of a fresh RSA key."""
    e = PUBLIC_EXPONENT
    while True:
        p, q = _prime(bits // 2), _prime(bits // 2)
        if p != q:
            break
    n, phi = p * q, (p - 1) * (q - 1)
    d = pow(e, -1, phi)
    fields = [0, n, e, d, p, q, d % (p - 1), d % (q - 1), pow(q, -1, p)]
    body = b"".join(_der_integer(v) for v in fields)
    der = b"\x30" + _der_length(len(body)) + body
    encoded = base64.b64encode(der).decode()
    pem = "-----BEGIN RSA PRIVATE KEY-----\n"
    pem += "\n".join(encoded[i : i + 64] for i in range(0, len(encoded), 64))
    pem += "\n-----END RSA PRIVATE KEY-----\n"
    blob = _ssh_string(b"ssh-rsa") + _ssh_mpint(e) + _ssh_mpint(n)
    return pem, "ssh-rsa " + base64.b64encode(blob).decode()


def public_blob(line: str) -> bytes:
    return base64.b64decode(line.split()[1])
