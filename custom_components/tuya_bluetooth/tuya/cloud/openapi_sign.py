"""Request signing of the Tuya IoT OpenAPI (docs/cloud.md §3.2).

stringToSign = METHOD \\n SHA256(body) \\n signed-headers block \\n URL, where the
URL is the path plus the query sorted by key (not URL-encoded). The signed
message is client_id [+ access_token] + t + nonce + stringToSign; `sign` is the
uppercase HMAC-SHA256 hex under the project secret.
"""

from __future__ import annotations

from collections.abc import Mapping
import hashlib
import hmac


def canonical_url(path: str, query: Mapping[str, str] | None = None) -> str:
    """Path plus `?k=v&…` sorted by key, without URL encoding."""
    if not query:
        return path
    return path + "?" + "&".join(f"{k}={query[k]}" for k in sorted(query))


def string_to_sign(
    method: str,
    path: str,
    *,
    query: Mapping[str, str] | None = None,
    body: bytes = b"",
    signed_headers: Mapping[str, str] | None = None,
) -> str:
    """Tuya's stringToSign; `signed_headers` in the order of Signature-Headers."""
    headers_block = "".join(
        f"{name}:{value}\n" for name, value in (signed_headers or {}).items()
    )
    return "\n".join(
        (
            method.upper(),
            hashlib.sha256(body).hexdigest(),
            headers_block,
            canonical_url(path, query),
        )
    )


def sign(
    *,
    client_id: str,
    secret: str,
    t: str,
    nonce: str,
    to_sign: str,
    access_token: str = "",
) -> str:
    """Uppercase hex HMAC-SHA256; a token call passes no access_token."""
    message = client_id + access_token + t + nonce + to_sign
    return (
        hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest().upper()
    )
