"""Request protection of the device-sharing API (docs/cloud.md §2.2).

Per request: hash_key = MD5(rid + refresh_token) hex; secret = first 16 hex
chars of HMAC-SHA256(rid, hash_key); parameters and bodies travel as AES-128-GCM
`encdata`; X-sign = HMAC-SHA256(hash_key, signed headers + encdata) hex.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
import hashlib
import hmac
import secrets
import string

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .errors import CloudResponseError

# The headers that take part in X-sign, in this order; empty ones are skipped.
SIGNED_HEADERS = ("X-appKey", "X-requestId", "X-sid", "X-time", "X-token")
NONCE_LENGTH = 12
# Any 12 ASCII characters form a valid nonce; the cloud does not restrict them.
_NONCE_ALPHABET = string.ascii_letters + string.digits


def hash_key(rid: str, refresh_token: str) -> str:
    """MD5 hex of rid + refresh_token: the X-sign key."""
    return hashlib.md5(
        (rid + refresh_token).encode(), usedforsecurity=False
    ).hexdigest()


def request_secret(rid: str, key: str) -> str:
    """The 16-character AES key of one request."""
    return hmac.new(rid.encode(), key.encode(), hashlib.sha256).hexdigest()[:16]


def random_nonce() -> str:
    """12 random characters for AES-GCM."""
    return "".join(secrets.choice(_NONCE_ALPHABET) for _ in range(NONCE_LENGTH))


def encrypt(plaintext: str, secret: str, nonce: str) -> str:
    """encdata = base64(nonce) ‖ base64(ciphertext ‖ tag)."""
    nonce_bytes = nonce.encode()
    if len(nonce_bytes) != NONCE_LENGTH:
        raise ValueError("nonce must be 12 ASCII characters")
    sealed = AESGCM(secret.encode()).encrypt(nonce_bytes, plaintext.encode(), None)
    return (base64.b64encode(nonce_bytes) + base64.b64encode(sealed)).decode()


def decrypt_result(data: str, secret: str) -> str:
    """Decrypt a response `result`: base64(nonce ‖ ciphertext ‖ tag)."""
    try:
        raw = base64.b64decode(data, validate=True)
        plain = AESGCM(secret.encode()).decrypt(
            raw[:NONCE_LENGTH], raw[NONCE_LENGTH:], None
        )
        return plain.decode()
    except ValueError, InvalidTag:
        raise CloudResponseError("Cannot decrypt the cloud's answer") from None


def x_sign(
    key: str,
    headers: Sequence[tuple[str, str]],
    query_encdata: str = "",
    body_encdata: str = "",
) -> str:
    """X-sign over the signed headers (in SIGNED_HEADERS order) and the encdata."""
    values = dict(headers)
    joined = "||".join(
        f"{name}={values[name]}" for name in SIGNED_HEADERS if values.get(name)
    )
    message = joined + query_encdata + body_encdata
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()
