"""docs/protocol.md §9 vectors: the test hub and the emulator's own crypto."""

from __future__ import annotations

from custom_components.tuya_bluetooth.tuya.primitives import md5
from simulator.device.crypto import DeviceKeys, pad
from simulator.device.frame import decode_inner, encode_inner
from simulator.device.transport import Reassembler, split_frame

from .hub import envelope, inner, key1, register_key, split

AUTH = b"0123456789abcdef" * 2
SERVICE_RAND = bytes(range(0x10, 0x20))


def test_hub_helper_device_info_vector() -> None:
    plain = inner(1, 0, 0x0000, b"")
    assert plain.hex() == "00000001000000000000000092" + "69"
    frame = envelope(4, md5(b"abcdef"), plain, bytes(range(16)), zero_pad=True)
    assert [p.hex() for p in split(frame, 3)] == [
        "00213004000102030405060708090a0b0c0d0e0f",
        "01f8bc69d43b1f0e3bf28ac34ec4aa2723",
    ]
    pkcs = envelope(4, md5(b"abcdef"), plain, bytes(range(16)))
    assert split(pkcs, 3)[1].hex() == "01b5d360c1a093a92a12ccf2c70fa460ac"


def test_hub_helper_key_vectors() -> None:
    assert md5(b"abcdef").hex() == "e80b5017098950fc58aad83c8c14978e"
    assert md5(b"abcdef" + b"srand!").hex() == "ba9ea9346236b843c695231afa4bba18"
    assert key1(AUTH, SERVICE_RAND).hex() == "ed6acd5f428220da1469c62608e6eb24"
    assert register_key(AUTH, SERVICE_RAND).hex() == "cada65093bdfede24f6df5db60ae4e18"
    assert (
        md5(key1(AUTH, SERVICE_RAND) + b"srand!").hex()
        == "c69013122b796e225bb303546535e888"
    )


def test_device_keys_vectors() -> None:
    keys = DeviceKeys(auth_key=AUTH, uuid=b"tuya0123456789ab", login_key=b"abcdef")
    keys.service_rand = SERVICE_RAND
    assert keys.key1().hex() == "ed6acd5f428220da1469c62608e6eb24"
    assert keys.register_key().hex() == "cada65093bdfede24f6df5db60ae4e18"
    assert keys.key_for(2) is None  # srand still zero: modes 2/3/5 refused
    assert keys.key_for(5) is None
    keys.srand = b"srand!"
    assert (keys.key_for(2) or b"").hex() == "c69013122b796e225bb303546535e888"
    assert (keys.key_for(4) or b"").hex() == "e80b5017098950fc58aad83c8c14978e"
    assert (keys.key_for(5) or b"").hex() == "ba9ea9346236b843c695231afa4bba18"
    assert keys.key_for(6) is None
    assert keys.key_for(7) == md5(b"tuya0123456789ab")


def test_device_codecs_read_the_vector_frame() -> None:
    packets = split(
        envelope(
            4, md5(b"abcdef"), inner(1, 0, 0, b""), bytes(range(16)), zero_pad=True
        ),
        3,
    )
    reassembler = Reassembler()
    assert reassembler.feed(packets[0]) is None
    frame = reassembler.feed(packets[1])
    assert frame is not None
    assert len(frame) == 33
    from simulator.device.crypto import open_frame

    keys = DeviceKeys(auth_key=AUTH, uuid=b"tuya0123456789ab", login_key=b"abcdef")
    opened = open_frame(keys, frame)
    assert opened is not None
    assert opened[0] == 4
    decoded = decode_inner(opened[1])
    assert decoded is not None
    assert (decoded.sn, decoded.cmd, decoded.data) == (
        1,
        0,
        b"",
    )
    assert encode_inner(1, 0, 0, b"") == inner(1, 0, 0, b"")


def test_device_padding_adds_no_block_when_aligned() -> None:
    assert pad(bytes(16)) == bytes(16)
    assert pad(bytes(14)) == bytes(14) + b"\x02\x02"


def test_device_split_matches_spec_layout() -> None:
    frame = bytes(range(33))
    packets = split_frame(frame, 4, 5, 20)
    assert packets[0][:3] == bytes([0x00, 33, 0x45])
    assert packets[1][0] == 1
    assert b"".join(p[3:] if i == 0 else p[1:] for i, p in enumerate(packets)) == frame
    assert all(len(p) <= 20 for p in packets)
