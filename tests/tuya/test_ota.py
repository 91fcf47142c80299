"""OtaTransfer against a scripted transport: every decision and error path."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from custom_components.tuya_bluetooth.tuya.const import Command
from custom_components.tuya_bluetooth.tuya.errors import (
    OtaFailedError,
    OtaFileRejectedError,
    OtaOffsetError,
    OtaPacketError,
    OtaRefusedError,
    OtaSendError,
    WriteError,
)
from custom_components.tuya_bluetooth.tuya.ota import (
    FirmwareImage,
    OtaStage,
    OtaTransfer,
)
from custom_components.tuya_bluetooth.tuya.primitives import crc32

DATA = bytes(range(256)) * 4  # 1024 bytes
IMAGE = FirmwareImage(DATA, "abcd1234", "1.2.4")

type Answer = Callable[[bytes], bytes]


class Transport:
    """Answers OTA requests from a script; records what was sent."""

    def __init__(self, **answers: bytes | Answer | Exception) -> None:
        self.answers: dict[int, bytes | Answer | Exception] = {
            Command.OTA_START: bytes.fromhex(
                "00 03 00 00010203 0100"
            ),  # 256-byte packets
            Command.OTA_FILE_INFO: bytes.fromhex("00 00 00000000 00000000") + bytes(16),
            Command.OTA_OFFSET: lambda req: req,  # accept the proposal
            Command.OTA_DATA: b"\x00\x00",
            Command.OTA_END: b"\x00\x00",
        }
        names = {
            "start": Command.OTA_START,
            "file_info": Command.OTA_FILE_INFO,
            "offset": Command.OTA_OFFSET,
            "data": Command.OTA_DATA,
            "end": Command.OTA_END,
        }
        for name, answer in answers.items():
            self.answers[names[name]] = answer
        self.sent: list[tuple[int, bytes]] = []
        self.aborted = 0

    async def ota_request(
        self, cmd: int, payload: bytes, *, wait: float | None = None
    ) -> bytes:
        self.sent.append((cmd, payload))
        answer = self.answers[cmd]
        if isinstance(answer, Exception):
            raise answer
        return answer(payload) if callable(answer) else answer

    async def abort_ota(self) -> None:
        self.aborted += 1

    def data_packets(self) -> list[bytes]:
        return [p for c, p in self.sent if c == Command.OTA_DATA]


def stored(length: int, crc: int) -> bytes:
    return b"\x00\x00" + length.to_bytes(4, "big") + crc.to_bytes(4, "big") + bytes(16)


async def test_fresh_transfer() -> None:
    transport = Transport()
    progress: list[float] = []
    transfer = OtaTransfer(transport, IMAGE, progress=progress.append)
    await transfer.run()
    assert transfer.stage is OtaStage.DONE
    assert [c for c, _ in transport.sent] == [0x000C, 0x000D, 0x000E] + [0x000F] * 4 + [
        0x0010
    ]
    file_info = transport.sent[1][1]
    assert file_info[1:9] == b"abcd1234"
    assert file_info[9:13] == bytes.fromhex("00010204")
    assert int.from_bytes(file_info[29:33], "big") == len(DATA)
    assert int.from_bytes(file_info[33:37], "big") == crc32(DATA)
    assert transport.sent[2][1] == b"\x00\x00\x00\x00\x00"  # offset 0
    packets = transport.data_packets()
    assert [int.from_bytes(p[1:3], "big") for p in packets] == [0, 1, 2, 3]
    assert b"".join(p[7:] for p in packets) == DATA
    assert progress == [0, 25, 50, 75, 100]


async def test_resume_when_stored_crc_matches() -> None:
    transport = Transport(file_info=stored(512, crc32(DATA[:512])))
    transfer = OtaTransfer(transport, IMAGE)
    await transfer.run()
    assert transport.sent[2][1] == b"\x00" + (512).to_bytes(4, "big")
    assert transfer.resumed_from == 512
    assert b"".join(p[7:] for p in transport.data_packets()) == DATA[512:]
    assert int.from_bytes(transport.data_packets()[0][1:3], "big") == 0


@pytest.mark.parametrize(
    "answer",
    [stored(512, 0xDEAD), stored(4096, crc32(DATA)), stored(0, 0)],
    ids=["crc-mismatch", "longer-than-image", "nothing"],
)
async def test_restart_when_stored_bytes_do_not_match(answer: bytes) -> None:
    transport = Transport(file_info=answer)
    transfer = OtaTransfer(transport, IMAGE)
    await transfer.run()
    assert transfer.resumed_from == 0
    assert transport.sent[2][1][1:] == bytes(4)


async def test_device_that_never_resumes() -> None:
    transport = Transport(
        file_info=stored(512, crc32(DATA[:512])), offset=b"\x00\x00\x00\x00\x00"
    )
    transfer = OtaTransfer(transport, IMAGE)
    await transfer.run()
    assert transfer.resumed_from == 0
    assert b"".join(p[7:] for p in transport.data_packets()) == DATA


async def test_packet_size_cap() -> None:
    transport = Transport()
    transfer = OtaTransfer(transport, IMAGE, max_packet_size=100)
    await transfer.run()
    assert transfer.packet_size == 100
    assert len(transport.data_packets()) == 11


@pytest.mark.parametrize(
    ("answers", "error", "code"),
    [
        ({"start": bytes.fromhex("01 03 00 00010203 0100")}, OtaRefusedError, 200),
        ({"start": bytes.fromhex("00 03 00 00010203 0000")}, OtaRefusedError, 200),
        ({"start": b"\x00"}, OtaRefusedError, 200),
        ({"file_info": b"\x00\x02" + bytes(24)}, OtaFileRejectedError, 201),
        ({"file_info": b"\x00"}, OtaFileRejectedError, 201),
        ({"offset": b"\x00" + (2048).to_bytes(4, "big")}, OtaOffsetError, 202),
        ({"offset": b"\x00"}, OtaOffsetError, 202),
        ({"data": b"\x00\x03"}, OtaPacketError, 203),
        ({"data": b""}, OtaPacketError, 203),
        ({"data": WriteError()}, OtaSendError, 204),
        ({"end": b"\x00\x02"}, OtaFailedError, 205),
        ({"end": b"\x00\x09"}, OtaFailedError, 205),
        ({"end": b""}, OtaFailedError, 205),
    ],
)
async def test_errors(
    answers: dict[str, bytes | Exception], error: type[Exception], code: int
) -> None:
    transport = Transport(**answers)
    transfer = OtaTransfer(transport, IMAGE)
    with pytest.raises(error) as caught:
        await transfer.run()
    assert getattr(caught.value, "code", None) == code
    assert transfer.stage is OtaStage.FAILED
    # Only a device that explicitly refused the start is known not to be left in
    # its OTA state; after any other failure the transport is told to end it.
    refused = answers.get("start", b"")[:1] == b"\x01"
    assert transport.aborted == (0 if refused else 1)


def test_empty_image() -> None:
    with pytest.raises(OtaFileRejectedError):
        OtaTransfer(Transport(), FirmwareImage(b"", "abcd1234", "1.0.0"))
