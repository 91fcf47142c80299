"""Key derivation for every security mode and the encryption envelope.

See docs/protocol.md §4.

A frame on the air is ``mode ‖ IV(16) ‖ AES-128-CBC(key, IV, padded inner frame)``
(mode 0: ``mode ‖ plaintext``). The padding is never trusted: the inner frame's own
``len`` field says where the data ends, because the device pads PKCS#7-style but
adds no block when already aligned, which a strict unpadder would reject.
"""

from __future__ import annotations

from collections.abc import Callable
import os

from .const import SecurityMode
from .errors import EnvelopeError, InvalidArgumentError, MissingKeyError
from .primitives import (
    AES_BLOCK_SIZE,
    aes_cbc_decrypt,
    aes_cbc_encrypt,
    aes_ecb_encrypt,
    md5,
)

AUTH_KEY_LEN = 32
LOGIN_KEY_LEN = 6
SRAND_LEN = 6
SERVICE_RAND_LEN = 16
UUID_LEN = 16
IV_LEN = 16
MIN_ENVELOPE_LEN = 17

_ZERO_IV = bytes(IV_LEN)
# Modes whose key depends on service_rand, the IV of the last mode-1-family frame
# the device received (it survives across connections on the device).
_SERVICE_RAND_MODES = frozenset(
    {SecurityMode.KEY_1, SecurityMode.KEY_11, SecurityMode.KEY_16}
)
# The device refuses these with an all-zero srand (docs/protocol.md §11.2).
_SRAND_REQUIRED_NONZERO = frozenset(
    {SecurityMode.KEY_2, SecurityMode.KEY_3, SecurityMode.SESSION}
)


def _check_len(name: str, value: bytes, length: int) -> None:
    if len(value) != length:
        raise InvalidArgumentError(f"{name} must be {length} bytes, got {len(value)}")


def login_key_from_local_key(local_key: str | bytes) -> bytes:
    """Return the 6-byte login key: the first six characters of the local_key."""
    raw = local_key.encode() if isinstance(local_key, str) else bytes(local_key)
    if len(raw) < LOGIN_KEY_LEN:
        raise InvalidArgumentError("local_key is shorter than 6 bytes")
    return raw[:LOGIN_KEY_LEN]


def derive_key_1(auth_key: bytes, service_rand: bytes) -> bytes:
    """KEY_1: last block of AES-CBC(auth_key[:16], IV 0) over auth_key ‖ service_rand."""
    _check_len("auth_key", auth_key, AUTH_KEY_LEN)
    _check_len("service_rand", service_rand, SERVICE_RAND_LEN)
    cipher = aes_cbc_encrypt(auth_key[:16], _ZERO_IV, auth_key + service_rand)
    return cipher[-AES_BLOCK_SIZE:]


def derive_key_2(key_1: bytes, srand: bytes) -> bytes:
    """KEY_2 = MD5(KEY_1 ‖ srand)."""
    _check_len("srand", srand, SRAND_LEN)
    return md5(key_1 + srand)


def derive_key_2_legacy(auth_key: bytes, srand: bytes) -> bytes:
    """KEY_2 for protocol < 3: MD5(MD5(auth_key) ‖ srand)."""
    _check_len("auth_key", auth_key, AUTH_KEY_LEN)
    _check_len("srand", srand, SRAND_LEN)
    return md5(md5(auth_key) + srand)


def derive_key_3(key_1: bytes, srand: bytes, user_rand: bytes) -> bytes:
    """KEY_3 = MD5(KEY_1 ‖ srand ‖ user_rand) (advanced-encryption devices)."""
    _check_len("srand", srand, SRAND_LEN)
    _check_len("user_rand", user_rand, SRAND_LEN)
    return md5(key_1 + srand + user_rand)


def derive_login_key(login_key: bytes) -> bytes:
    """Mode 4 key = MD5(login_key)."""
    _check_len("login_key", login_key, LOGIN_KEY_LEN)
    return md5(login_key)


def derive_session_key(login_key: bytes, srand: bytes) -> bytes:
    """Mode 5 key = MD5(login_key ‖ srand)."""
    _check_len("login_key", login_key, LOGIN_KEY_LEN)
    _check_len("srand", srand, SRAND_LEN)
    return md5(login_key + srand)


def derive_factory_test_key(uuid: bytes) -> bytes:
    """Mode 7 key = MD5(uuid)."""
    _check_len("uuid", uuid, UUID_LEN)
    return md5(uuid)


def derive_key_11(auth_key: bytes, uuid: bytes, service_rand: bytes) -> bytes:
    """Security-V2 mode 11 = MD5(auth_key ‖ uuid ‖ service_rand)."""
    _check_len("uuid", uuid, UUID_LEN)
    _check_len("service_rand", service_rand, SERVICE_RAND_LEN)
    return md5(auth_key + uuid + service_rand)


def derive_key_12(key_11: bytes, srand: bytes) -> bytes:
    """Security-V2 mode 12 = MD5(KEY_11 ‖ srand)."""
    _check_len("srand", srand, SRAND_LEN)
    return md5(key_11 + srand)


def derive_key_14(login_key: bytes, sec_key: bytes) -> bytes:
    """Security-V2 mode 14 = MD5(login16 ‖ sec_key)."""
    _check_len("login_key", login_key, 16)
    return md5(login_key + sec_key)


def derive_key_15(login_key: bytes, sec_key: bytes, srand: bytes) -> bytes:
    """Security-V2 mode 15 = MD5(login16 ‖ sec_key ‖ srand)."""
    _check_len("login_key", login_key, 16)
    _check_len("srand", srand, SRAND_LEN)
    return md5(login_key + sec_key + srand)


def derive_key_16(auth_key: bytes, uuid: bytes, service_rand: bytes) -> bytes:
    """Security-V2 mode 16 = MD5(auth_key ‖ MD5(uuid) ‖ service_rand)."""
    _check_len("uuid", uuid, UUID_LEN)
    _check_len("service_rand", service_rand, SERVICE_RAND_LEN)
    return md5(auth_key + md5(uuid) + service_rand)


def derive_register_key(auth_key: bytes, service_rand: bytes) -> bytes:
    """Register key = AES-128-ECB(auth_key[:16], service_rand)."""
    _check_len("auth_key", auth_key, AUTH_KEY_LEN)
    _check_len("service_rand", service_rand, SERVICE_RAND_LEN)
    return aes_ecb_encrypt(auth_key[:16], service_rand)


# --- Envelope ----------------------------------------------------------------------


def pad(data: bytes, *, zero_padding: bool = False) -> bytes:
    """Pad to the AES block size: device style (PKCS#7, none when aligned) or zeros."""
    missing = -len(data) % AES_BLOCK_SIZE
    filler = 0 if zero_padding else missing
    return data + bytes([filler]) * missing


def encrypt_envelope(
    mode: SecurityMode,
    key: bytes | None,
    iv: bytes,
    inner: bytes,
    *,
    zero_padding: bool = False,
) -> bytes:
    """Wrap an encoded inner frame: mode ‖ IV ‖ AES-CBC(key, IV, padded inner)."""
    body = pad(inner, zero_padding=zero_padding)
    if mode is SecurityMode.NONE:
        # Mode 0 carries no IV; padding keeps it above the 17-byte minimum.
        return bytes([mode]) + body
    if key is None:
        raise MissingKeyError(f"no key for security mode {int(mode)}")
    _check_len("iv", iv, IV_LEN)
    return bytes([mode]) + iv + aes_cbc_encrypt(key, iv, body)


def parse_envelope(data: bytes) -> tuple[SecurityMode, bytes, bytes]:
    """Split a frame into (mode, IV, ciphertext); IV is empty for mode 0."""
    if len(data) < MIN_ENVELOPE_LEN:
        raise EnvelopeError(f"frame of {len(data)} bytes is shorter than 17")
    try:
        mode = SecurityMode(data[0])
    except ValueError:
        raise EnvelopeError(f"unknown security mode {data[0]}") from None
    if mode is SecurityMode.NONE:
        return mode, b"", bytes(data[1:])
    body = bytes(data[1 + IV_LEN :])
    if not body or len(body) % AES_BLOCK_SIZE:
        raise EnvelopeError(f"ciphertext of {len(body)} bytes is not block aligned")
    return mode, bytes(data[1 : 1 + IV_LEN]), body


def decrypt_envelope(data: bytes, key: bytes | None) -> tuple[SecurityMode, bytes]:
    """Return (mode, padded plaintext); the caller trusts the inner len field."""
    mode, iv, body = parse_envelope(data)
    if mode is SecurityMode.NONE:
        return mode, body
    if key is None:
        raise MissingKeyError(f"no key for security mode {int(mode)}")
    return mode, aes_cbc_decrypt(key, iv, body)


class KeyRing:
    """The secrets of one device and the per-connection randoms, keyed by mode.

    ``local_key`` is the cloud local_key (modes 4/5 use its first 6 bytes, the V2
    modes 14/15 its first 16); ``auth_key`` the 32-byte factory key; ``uuid`` the
    16-byte device uuid. ``srand`` comes from the device-info answer and
    ``service_rand`` is the IV of the last mode-1 family frame we sent.
    """

    def __init__(
        self,
        *,
        local_key: str | bytes | None = None,
        auth_key: str | bytes | None = None,
        uuid: str | bytes | None = None,
        sec_key: bytes | None = None,
        user_rand: bytes | None = None,
        protocol_major: int = 3,
        random_bytes: Callable[[int], bytes] = os.urandom,
    ) -> None:
        self._local_key = _as_bytes(local_key)
        self._auth_key = _as_bytes(auth_key)
        self._uuid = _as_bytes(uuid)
        self._sec_key = sec_key
        self._user_rand = user_rand
        self.protocol_major = protocol_major
        self._random_bytes = random_bytes
        self._srand: bytes | None = None
        self._service_rand: bytes | None = None
        # Keys derived for the current srand and service_rand: one derivation per
        # connection instead of one per frame.
        self._keys: dict[SecurityMode, bytes] = {}

    def __repr__(self) -> str:
        # Never show key material, not even in a debugger or log line.
        return f"KeyRing(protocol_major={self.protocol_major})"

    @property
    def has_local_key(self) -> bool:
        """Whether a local_key (login key) is known."""
        return self._local_key is not None

    @property
    def has_auth_key(self) -> bool:
        """Whether the factory auth_key is known."""
        return self._auth_key is not None

    @property
    def srand(self) -> bytes | None:
        """The device's random from the device-info answer (new each connection)."""
        return self._srand

    @srand.setter
    def srand(self, value: bytes | None) -> None:
        self._srand = value
        self._keys.clear()

    @property
    def service_rand(self) -> bytes | None:
        """The IV of the last mode-1 family frame we sent."""
        return self._service_rand

    @service_rand.setter
    def service_rand(self, value: bytes | None) -> None:
        self._service_rand = value
        self._keys.clear()

    def key(self, mode: SecurityMode, *, service_rand: bytes | None = None) -> bytes:
        """Return the AES key of `mode`; raise MissingKeyError when underivable."""
        if service_rand is not None and service_rand != self._service_rand:
            return self._derive(mode, service_rand)
        key = self._keys.get(mode)
        if key is None:
            key = self._keys[mode] = self._derive(mode, self._service_rand)
        return key

    def _derive(self, mode: SecurityMode, rand: bytes | None) -> bytes:
        if mode in _SRAND_REQUIRED_NONZERO and not any(self.srand or b""):
            raise MissingKeyError(f"security mode {int(mode)} needs a non-zero srand")
        srand = self.srand or bytes(SRAND_LEN)
        match mode:
            case SecurityMode.LOGIN:
                return derive_login_key(self._login6())
            case SecurityMode.SESSION:
                return derive_session_key(self._login6(), srand)
            case SecurityMode.KEY_1:
                return derive_key_1(self._need_auth(), self._need_rand(rand))
            case SecurityMode.KEY_2:
                if self.protocol_major < 3:
                    return derive_key_2_legacy(self._need_auth(), srand)
                key_1 = derive_key_1(self._need_auth(), self._need_rand(rand))
                return derive_key_2(key_1, srand)
            case SecurityMode.KEY_3:
                key_1 = derive_key_1(self._need_auth(), self._need_rand(rand))
                if self._user_rand is None:
                    raise MissingKeyError("security mode 3 needs user_rand")
                return derive_key_3(key_1, srand, self._user_rand)
            case SecurityMode.FACTORY_TEST:
                return derive_factory_test_key(self._need_uuid())
            case SecurityMode.KEY_11 | SecurityMode.KEY_12:
                key_11 = derive_key_11(
                    self._need_auth(), self._need_uuid(), self._need_rand(rand)
                )
                if mode is SecurityMode.KEY_11:
                    return key_11
                return derive_key_12(key_11, srand)
            case SecurityMode.KEY_14:
                return derive_key_14(self._login16(), self._need_sec_key())
            case SecurityMode.KEY_15:
                return derive_key_15(self._login16(), self._need_sec_key(), srand)
            case SecurityMode.KEY_16:
                return derive_key_16(
                    self._need_auth(), self._need_uuid(), self._need_rand(rand)
                )
            case SecurityMode.NONE:
                raise MissingKeyError("security mode 0 has no key")

    def register_key(self) -> bytes:
        """The register key the device should send for our last service_rand."""
        return derive_register_key(
            self._need_auth(), self._need_rand(self.service_rand)
        )

    def seal(
        self,
        mode: SecurityMode,
        inner: bytes,
        *,
        iv: bytes | None = None,
        zero_padding: bool = False,
    ) -> bytes:
        """Encrypt an inner frame in `mode` with a fresh random IV (or the given one)."""
        if mode is SecurityMode.NONE:
            return encrypt_envelope(mode, None, b"", inner, zero_padding=zero_padding)
        iv = self._random_bytes(IV_LEN) if iv is None else iv
        if mode in _SERVICE_RAND_MODES:
            # The device derives this frame's key from its IV and keeps it as
            # service_rand for its answer and for KEY_2 later on.
            key = self.key(mode, service_rand=iv)
            self.service_rand = iv
        else:
            key = self.key(mode)
        return encrypt_envelope(mode, key, iv, inner, zero_padding=zero_padding)

    def open(self, data: bytes) -> tuple[SecurityMode, bytes]:
        """Decrypt a received frame; return (mode, padded inner frame)."""
        mode, iv, body = parse_envelope(data)
        if mode is SecurityMode.NONE:
            return mode, body
        return mode, aes_cbc_decrypt(self.key(mode), iv, body)

    def _login6(self) -> bytes:
        if self._local_key is None:
            raise MissingKeyError("no local_key")
        return login_key_from_local_key(self._local_key)

    def _login16(self) -> bytes:
        if self._local_key is None or len(self._local_key) < 16:
            raise MissingKeyError("V2 modes need a 16-byte local_key")
        return self._local_key[:16]

    def _need_auth(self) -> bytes:
        if self._auth_key is None:
            raise MissingKeyError("no auth_key")
        return self._auth_key

    def _need_uuid(self) -> bytes:
        if self._uuid is None:
            raise MissingKeyError("no device uuid")
        return self._uuid

    def _need_sec_key(self) -> bytes:
        if self._sec_key is None:
            raise MissingKeyError("no sec_key")
        return self._sec_key

    @staticmethod
    def _need_rand(service_rand: bytes | None) -> bytes:
        if service_rand is None:
            raise MissingKeyError("no service_rand: send a mode-1 frame first")
        return service_rand


def _as_bytes(value: str | bytes | None) -> bytes | None:
    if value is None:
        return None
    return value.encode() if isinstance(value, str) else bytes(value)
