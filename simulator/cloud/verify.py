"""Request checks of the fake cloud, written from docs/cloud.md, not the clients.

OpenAPI: recompute Tuya's HMAC-SHA256 signature from what arrived on the wire
(method, body bytes, Signature-Headers, path, decoded query). Sharing API:
derive the request secret from X-requestId and the session's refresh token,
check X-sign, decrypt the AES-GCM `encdata` and encrypt the answer.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
from typing import Any

from aiohttp import web
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_SHARING_SIGNED = ("X-appKey", "X-requestId", "X-sid", "X-time", "X-token")


class RequestRejected(Exception):  # noqa: N818 - a control-flow signal, not an error
    """Answer the request with this Tuya code (HTTP 200, success false)."""

    def __init__(self, code: int, msg: str) -> None:
        super().__init__(msg)
        self.code = code
        self.msg = msg


# ---- OpenAPI ---------------------------------------------------------------------


def openapi_signature(
    request: web.Request, body: bytes, secret: str, access_token: str
) -> str:
    """The signature the request should carry."""
    names = [n for n in request.headers.get("Signature-Headers", "").split(":") if n]
    header_block = "".join(f"{n}:{request.headers.get(n, '')}\n" for n in names)
    pairs = sorted(request.rel_url.query.items(), key=lambda kv: kv[0])
    url = request.rel_url.path
    if pairs:
        url += "?" + "&".join(f"{k}={v}" for k, v in pairs)
    canonical = "\n".join(
        [request.method, hashlib.sha256(body).hexdigest(), header_block, url]
    )
    payload = "".join(
        [
            request.headers.get("client_id", ""),
            access_token,
            request.headers.get("t", ""),
            request.headers.get("nonce", ""),
            canonical,
        ]
    )
    digest = hmac.digest(secret.encode(), payload.encode(), "sha256")
    return binascii.hexlify(digest).decode().upper()


def check_openapi_signature(
    request: web.Request, body: bytes, secret: str, access_token: str
) -> None:
    """RequestRejected(1004) unless `sign` matches exactly."""
    expected = openapi_signature(request, body, secret, access_token)
    if request.headers.get("sign_method") != "HMAC-SHA256" or not hmac.compare_digest(
        request.headers.get("sign", ""), expected
    ):
        raise RequestRejected(1004, "sign invalid")


def check_time(header: str | None, now_ms: int, max_skew_ms: int) -> None:
    """RequestRejected(1013) when the request time is missing or too far off."""
    if header is None or not header.isdigit() or len(header) != 13:
        raise RequestRejected(1013, "request time is invalid")
    if abs(int(header) - now_ms) > max_skew_ms:
        raise RequestRejected(1013, "request time is invalid")


# ---- Sharing API -----------------------------------------------------------------


def sharing_keys(rid: str, refresh_token: str) -> tuple[str, str]:
    """(hash_key, secret) of one sharing request."""
    hash_key = hashlib.md5(f"{rid}{refresh_token}".encode(), usedforsecurity=False)
    hex_key = hash_key.hexdigest()
    secret = hmac.new(rid.encode(), hex_key.encode(), "sha256").hexdigest()[:16]
    return hex_key, secret


def check_sharing_signature(
    request: web.Request, hash_key: str, query_enc: str, body_enc: str
) -> None:
    """RequestRejected(1004) unless X-sign matches exactly."""
    parts = [
        f"{name}={request.headers[name]}"
        for name in _SHARING_SIGNED
        if request.headers.get(name)
    ]
    message = "||".join(parts) + query_enc + body_enc
    expected = hmac.new(hash_key.encode(), message.encode(), "sha256").hexdigest()
    if not hmac.compare_digest(request.headers.get("X-sign", ""), expected):
        raise RequestRejected(1004, "sign invalid")


def decrypt_encdata(encdata: str, secret: str) -> dict[str, Any]:
    """base64(12-byte nonce) ‖ base64(ciphertext ‖ tag) → the JSON object."""
    try:
        # 12 bytes encode to exactly 16 base64 characters, without padding.
        nonce = base64.b64decode(encdata[:16], validate=True)
        sealed = base64.b64decode(encdata[16:], validate=True)
        plain = AESGCM(secret.encode()).decrypt(nonce, sealed, None)
        value = json.loads(plain)
    except ValueError, InvalidTag:
        raise RequestRejected(1109, "encdata cannot be decrypted") from None
    if not isinstance(value, dict):
        raise RequestRejected(1109, "encdata is not an object")
    return value


def encrypt_result(value: Any, secret: str) -> str:
    """An answer's `result`: base64(nonce ‖ ciphertext ‖ tag)."""
    nonce = os.urandom(12)
    plain = json.dumps(value, separators=(",", ":")).encode()
    return base64.b64encode(
        nonce + AESGCM(secret.encode()).encrypt(nonce, plain, None)
    ).decode()
