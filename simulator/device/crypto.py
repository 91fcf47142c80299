"""Device-side key derivation and the encryption envelope.

See docs/protocol.md §4 and §11.

Written from the device's point of view, independently of the library: only the
AES/MD5 primitives are shared. `DeviceKeys` holds what a unit knows (auth_key,
uuid, stored login key, the connection's srand, the last service_rand) and turns
a security mode into a key, or None when the device cannot or will not use that
mode (mode 6, an all-zero srand for modes 2/3/5, unsupported modes).
"""

from __future__ import annotations

from dataclasses import dataclass

from custom_components.tuya_bluetooth.tuya.primitives import (
    aes_cbc_decrypt,
    aes_cbc_encrypt,
    aes_ecb_encrypt,
    md5,
)

MODE_NONE = 0
MODE_KEY1 = 1
MODE_KEY2 = 2
MODE_KEY3 = 3
MODE_LOGIN = 4
MODE_SESSION = 5
MODE_FACTORY = 7

_ZERO_SRAND = bytes(6)
_IV_LEN = 16
_MIN_FRAME = 17  # mode + IV; also applied to mode 0 (docs/protocol.md §11.3)


@dataclass(slots=True)
class DeviceKeys:
    """Key material of one unit; never logged."""

    auth_key: bytes  # 32 ASCII bytes
    uuid: bytes  # 16 ASCII bytes
    login_key: bytes = bytes(6)  # all zeros on a factory-fresh unit
    srand: bytes = _ZERO_SRAND  # per connection, set when device info is answered
    service_rand: bytes = bytes(16)  # IV of the last mode-1 frame; survives links
    protocol_major: int = 3

    def key1(self) -> bytes:
        """KEY_1: last block of AES-CBC(auth_key[:16], 0) over auth_key ‖ service_rand."""
        cipher = aes_cbc_encrypt(
            self.auth_key[:16], bytes(16), self.auth_key[:32] + self.service_rand
        )
        return cipher[-16:]

    def register_key(self) -> bytes:
        """AES-ECB(auth_key[:16], service_rand): proves the unit holds auth_key."""
        return aes_ecb_encrypt(self.auth_key[:16], self.service_rand)

    def key_for(self, mode: int) -> bytes | None:
        """The AES key for `mode`, or None when this unit can't use it now."""
        if mode in (MODE_KEY2, MODE_KEY3, MODE_SESSION) and self.srand == _ZERO_SRAND:
            return None
        match mode:
            case 1:
                return self.key1()
            case 2:
                if self.protocol_major < 3:
                    return md5(md5(self.auth_key[:32]) + self.srand)
                return md5(self.key1() + self.srand)
            case 4:
                return md5(self.login_key)
            case 5:
                return md5(self.login_key + self.srand)
            case 7:
                return md5(self.uuid)
            case _:
                # 3 needs a secure chip's user_rand, 6 is unsupported, 11-16 are
                # the Security-V2 family this emulator does not build.
                return None


def pad(data: bytes) -> bytes:
    """The device's padding: PKCS#7-style, but no extra block when aligned."""
    missing = (-len(data)) % 16
    return data + bytes([missing]) * missing


def seal(keys: DeviceKeys, mode: int, inner: bytes, iv: bytes) -> bytes | None:
    """Build F = mode ‖ IV ‖ AES-CBC(inner), or mode ‖ inner for mode 0."""
    if mode == MODE_NONE:
        return bytes([mode]) + inner
    key = keys.key_for(mode)
    if key is None:
        return None
    return bytes([mode]) + iv + aes_cbc_encrypt(key, iv, pad(inner))


def open_frame(keys: DeviceKeys, frame: bytes) -> tuple[int, bytes] | None:
    """Decrypt an incoming F; returns (mode, plaintext with padding) or None.

    A mode-1 frame records its IV as the new service_rand before the key is
    derived (KEY_1 is keyed by that very IV).
    """
    if len(frame) < _MIN_FRAME:
        return None
    mode = frame[0]
    if mode == MODE_NONE:
        return mode, frame[1:]
    iv, body = frame[1 : 1 + _IV_LEN], frame[1 + _IV_LEN :]
    if not body or len(body) % 16:
        return None
    if mode == MODE_KEY1:
        keys.service_rand = iv
    key = keys.key_for(mode)
    if key is None:
        return None
    return mode, aes_cbc_decrypt(key, iv, body)
