"""Byte-level primitives: the AES block cipher, MD5 and the CRCs.

These are the only pieces the device emulator may share with the library
(see docs/architecture.md §4): key derivation, the encryption envelope, framing and the
codecs are written separately on each side so a mistake cannot agree with itself.
"""

from __future__ import annotations

import hashlib
import zlib

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

AES_BLOCK_SIZE = 16


def md5(data: bytes) -> bytes:
    """Return the MD5 digest; Tuya uses it as a key-derivation step, not for security."""
    return hashlib.md5(data, usedforsecurity=False).digest()


def aes_cbc_encrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
    """AES-128-CBC over block-aligned data (the caller pads)."""
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def aes_cbc_decrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
    """AES-128-CBC decryption of block-aligned data (no unpadding)."""
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(data) + decryptor.finalize()


def aes_ecb_encrypt(key: bytes, data: bytes) -> bytes:
    """AES-128-ECB over block-aligned data."""
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # noqa: S305
    return encryptor.update(data) + encryptor.finalize()


def _crc16_modbus_table() -> tuple[int, ...]:
    table = []
    for index in range(256):
        crc = index
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


# One lookup per byte instead of eight shifts: the CRC was half of a frame's cost.
_CRC16_MODBUS_TABLE = _crc16_modbus_table()


def crc16_modbus(data: bytes) -> int:
    """CRC-16/MODBUS: reflected polynomial 0xA001, init 0xFFFF, no final xor."""
    crc = 0xFFFF
    table = _CRC16_MODBUS_TABLE
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


def crc32(data: bytes) -> int:
    """Standard reflected CRC-32 (0xEDB88320), as Tuya's OTA uses."""
    return zlib.crc32(data) & 0xFFFFFFFF
