"""Key derivation and the envelope: docs/protocol.md §4, and §9 (vectors)."""

from __future__ import annotations

from hypothesis import given, strategies as st
import pytest

from custom_components.tuya_bluetooth.tuya.const import SecurityMode
from custom_components.tuya_bluetooth.tuya.crypto import (
    KeyRing,
    decrypt_envelope,
    derive_factory_test_key,
    derive_key_1,
    derive_key_2,
    derive_key_2_legacy,
    derive_key_3,
    derive_key_11,
    derive_key_12,
    derive_key_14,
    derive_key_15,
    derive_key_16,
    derive_login_key,
    derive_register_key,
    derive_session_key,
    encrypt_envelope,
    login_key_from_local_key,
    pad,
    parse_envelope,
)
from custom_components.tuya_bluetooth.tuya.errors import (
    EnvelopeError,
    InvalidArgumentError,
    MissingKeyError,
    TuyaBLEError,
)
from custom_components.tuya_bluetooth.tuya.primitives import aes_cbc_decrypt, md5

AUTH_KEY = b"0123456789abcdef" * 2
SERVICE_RAND = bytes(range(0x10, 0x20))
SRAND = b"srand!"
UUID = b"tuya0123456789ab"


# --- docs/protocol.md §9 vectors ----------------------------------------------------


def test_login_and_session_key_vectors() -> None:
    login = login_key_from_local_key("abcdef0123456789")
    assert login == b"abcdef"
    assert derive_login_key(login).hex() == "e80b5017098950fc58aad83c8c14978e"
    assert derive_session_key(login, SRAND).hex() == "ba9ea9346236b843c695231afa4bba18"


def test_key_1_register_key_key_2_vectors() -> None:
    key_1 = derive_key_1(AUTH_KEY, SERVICE_RAND)
    assert key_1.hex() == "ed6acd5f428220da1469c62608e6eb24"
    assert (
        derive_register_key(AUTH_KEY, SERVICE_RAND).hex()
        == "cada65093bdfede24f6df5db60ae4e18"
    )
    assert derive_key_2(key_1, SRAND).hex() == "c69013122b796e225bb303546535e888"


def test_keyring_matches_vectors() -> None:
    ring = KeyRing(local_key="abcdef0123456789", auth_key=AUTH_KEY.decode())
    ring.srand = SRAND
    ring.service_rand = SERVICE_RAND
    assert ring.key(SecurityMode.LOGIN).hex() == "e80b5017098950fc58aad83c8c14978e"
    assert ring.key(SecurityMode.SESSION).hex() == "ba9ea9346236b843c695231afa4bba18"
    assert ring.key(SecurityMode.KEY_1).hex() == "ed6acd5f428220da1469c62608e6eb24"
    assert ring.key(SecurityMode.KEY_2).hex() == "c69013122b796e225bb303546535e888"
    assert ring.register_key().hex() == "cada65093bdfede24f6df5db60ae4e18"


# --- The other modes, from their definitions ----------------------------------------


def test_other_mode_definitions() -> None:
    key_1 = derive_key_1(AUTH_KEY, SERVICE_RAND)
    user_rand = b"urand6"
    sec_key = b"S" * 16
    login16 = b"abcdef0123456789"
    assert derive_key_3(key_1, SRAND, user_rand) == md5(key_1 + SRAND + user_rand)
    assert derive_factory_test_key(UUID) == md5(UUID)
    key_11 = derive_key_11(AUTH_KEY, UUID, SERVICE_RAND)
    assert key_11 == md5(AUTH_KEY + UUID + SERVICE_RAND)
    assert derive_key_12(key_11, SRAND) == md5(key_11 + SRAND)
    assert derive_key_14(login16, sec_key) == md5(login16 + sec_key)
    assert derive_key_15(login16, sec_key, SRAND) == md5(login16 + sec_key + SRAND)
    assert derive_key_16(AUTH_KEY, UUID, SERVICE_RAND) == md5(
        AUTH_KEY + md5(UUID) + SERVICE_RAND
    )
    assert derive_key_2_legacy(AUTH_KEY, SRAND) == md5(md5(AUTH_KEY) + SRAND)


def test_keyring_every_mode() -> None:
    ring = KeyRing(
        local_key="abcdef0123456789",
        auth_key=AUTH_KEY,
        uuid=UUID,
        sec_key=b"S" * 16,
        user_rand=b"urand6",
    )
    ring.srand = SRAND
    ring.service_rand = SERVICE_RAND
    key_1 = derive_key_1(AUTH_KEY, SERVICE_RAND)
    key_11 = derive_key_11(AUTH_KEY, UUID, SERVICE_RAND)
    expected = {
        SecurityMode.KEY_3: derive_key_3(key_1, SRAND, b"urand6"),
        SecurityMode.FACTORY_TEST: md5(UUID),
        SecurityMode.KEY_11: key_11,
        SecurityMode.KEY_12: derive_key_12(key_11, SRAND),
        SecurityMode.KEY_14: derive_key_14(b"abcdef0123456789", b"S" * 16),
        SecurityMode.KEY_15: derive_key_15(b"abcdef0123456789", b"S" * 16, SRAND),
        SecurityMode.KEY_16: derive_key_16(AUTH_KEY, UUID, SERVICE_RAND),
    }
    for mode, key in expected.items():
        assert ring.key(mode) == key, mode


def test_legacy_protocol_key_2() -> None:
    ring = KeyRing(auth_key=AUTH_KEY, protocol_major=2)
    ring.srand = SRAND
    assert ring.key(SecurityMode.KEY_2) == md5(md5(AUTH_KEY) + SRAND)


@pytest.mark.parametrize(
    "mode", [SecurityMode.KEY_2, SecurityMode.KEY_3, SecurityMode.SESSION]
)
def test_zero_srand_refused(mode: SecurityMode) -> None:
    ring = KeyRing(local_key="abcdef", auth_key=AUTH_KEY, user_rand=b"urand6")
    ring.service_rand = SERVICE_RAND
    ring.srand = bytes(6)
    with pytest.raises(MissingKeyError):
        ring.key(mode)


def test_missing_material() -> None:
    ring = KeyRing()
    for mode in SecurityMode:
        with pytest.raises(MissingKeyError):
            ring.key(mode)
    with pytest.raises(MissingKeyError):
        KeyRing(auth_key=AUTH_KEY).key(SecurityMode.KEY_1)  # no service_rand yet
    with pytest.raises(MissingKeyError):
        KeyRing(local_key="abcdef").key(
            SecurityMode.KEY_14
        )  # needs a 16-byte local_key


def test_invalid_lengths() -> None:
    with pytest.raises(InvalidArgumentError):
        derive_key_1(b"short", SERVICE_RAND)
    with pytest.raises(InvalidArgumentError):
        derive_session_key(b"abcdef", b"123")
    with pytest.raises(InvalidArgumentError):
        login_key_from_local_key("abc")


def test_keyring_repr_has_no_secrets() -> None:
    ring = KeyRing(local_key="abcdef0123456789", auth_key=AUTH_KEY)
    assert "abcdef" not in repr(ring)
    assert "0123" not in repr(ring)


# --- Envelope -----------------------------------------------------------------------


def test_padding_styles() -> None:
    assert pad(b"x" * 14) == b"x" * 14 + b"\x02\x02"
    assert pad(b"x" * 16) == b"x" * 16  # the device adds no block when aligned
    assert pad(b"x" * 14, zero_padding=True) == b"x" * 14 + b"\x00\x00"


def test_device_info_request_envelope_vector() -> None:
    inner = bytes.fromhex("0000000100000000000000009269")
    ring = KeyRing(local_key="abcdef0123456789")
    iv = bytes(range(16))
    zero = ring.seal(SecurityMode.LOGIN, inner, iv=iv, zero_padding=True)
    assert zero.hex() == (
        "04000102030405060708090a0b0c0d0e0f" + "f8bc69d43b1f0e3bf28ac34ec4aa2723"
    )
    pkcs = ring.seal(SecurityMode.LOGIN, inner, iv=iv)
    assert pkcs[17:].hex() == "b5d360c1a093a92a12ccf2c70fa460ac"


def test_seal_open_round_trip_and_padding_ignored() -> None:
    ring = KeyRing(local_key="abcdef0123456789", random_bytes=lambda n: b"\x07" * n)
    ring.srand = SRAND
    for inner in (b"a" * 14, b"b" * 16, b"c" * 31):
        mode, plain = ring.open(ring.seal(SecurityMode.SESSION, inner))
        assert mode is SecurityMode.SESSION
        assert plain.startswith(inner)
        assert len(plain) % 16 == 0


def test_mode_1_seal_sets_service_rand_from_iv() -> None:
    ring = KeyRing(auth_key=AUTH_KEY)
    frame = ring.seal(SecurityMode.KEY_1, b"x" * 14, iv=SERVICE_RAND)
    assert ring.service_rand == SERVICE_RAND
    key_1 = derive_key_1(AUTH_KEY, SERVICE_RAND)
    assert aes_cbc_decrypt(key_1, SERVICE_RAND, frame[17:])[:14] == b"x" * 14
    # The device answers in mode 1 with the key of the IV it last received, not
    # of the answer's own IV.
    reply = encrypt_envelope(SecurityMode.KEY_1, key_1, b"\x99" * 16, b"y" * 14)
    assert ring.open(reply)[1][:14] == b"y" * 14


def test_mode_0_plaintext() -> None:
    frame = KeyRing().seal(SecurityMode.NONE, b"z" * 14)
    assert frame[0] == 0
    assert len(frame) == 17
    assert decrypt_envelope(frame, None) == (SecurityMode.NONE, b"z" * 14 + b"\x02\x02")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x04" * 16,  # shorter than 17
        b"\x06" + bytes(32),  # mode 6 is unsupported
        b"\x04" + bytes(16) + bytes(15),  # not block aligned
        b"\x04" + bytes(16),  # no ciphertext at all (17 bytes, but mode 4)
    ],
)
def test_envelope_rejects(data: bytes) -> None:
    with pytest.raises(EnvelopeError):
        parse_envelope(data)


def test_missing_key_for_encrypted_frame() -> None:
    with pytest.raises(MissingKeyError):
        decrypt_envelope(b"\x05" + bytes(32), None)
    with pytest.raises(MissingKeyError):
        encrypt_envelope(SecurityMode.SESSION, None, bytes(16), b"x")


@given(st.binary(max_size=80))
def test_open_arbitrary_bytes_raises_only_library_errors(data: bytes) -> None:
    ring = KeyRing(local_key="abcdef0123456789", auth_key=AUTH_KEY, uuid=UUID)
    ring.srand = SRAND
    ring.service_rand = SERVICE_RAND
    try:
        mode, plain = ring.open(data)
    except TuyaBLEError:
        return
    assert len(plain) == len(data) - (1 if mode is SecurityMode.NONE else 17)


def test_keyring_derives_a_key_once_per_srand() -> None:
    """The session key is derived once per connection, not once per frame."""
    keys = KeyRing(local_key="abcdef0123456789")
    keys.srand = SRAND
    first = keys.key(SecurityMode.SESSION)
    assert keys.key(SecurityMode.SESSION) is first  # cached, not derived again
    assert first == derive_session_key(b"abcdef", SRAND)
    keys.srand = b"other!"  # a new connection
    assert keys.key(SecurityMode.SESSION) == derive_session_key(b"abcdef", b"other!")


def test_keyring_cache_follows_service_rand() -> None:
    keys = KeyRing(auth_key=AUTH_KEY, uuid=UUID)
    keys.service_rand = SERVICE_RAND
    keys.srand = SRAND
    before = keys.key(SecurityMode.KEY_2)
    other = bytes(range(0x20, 0x30))
    # A one-off service_rand does not replace the cached key...
    assert keys.key(SecurityMode.KEY_1, service_rand=other) == derive_key_1(
        AUTH_KEY, other
    )
    assert keys.key(SecurityMode.KEY_2) is before
    # ...a new one does.
    keys.service_rand = other
    assert keys.key(SecurityMode.KEY_2) == derive_key_2(
        derive_key_1(AUTH_KEY, other), SRAND
    )
