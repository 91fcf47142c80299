"""The firmware-update (OTA) transfer: start, file info, offset, data, end.

Flow: docs/protocol.md §12; messages: docs/protocol.md §6.10.

The device says in its file-info answer how many bytes of this image it already
holds and their CRC32. When that CRC matches our image, the transfer resumes from
there; otherwise (or when the device never resumes, as some builds don't) it
starts at 0. The device's own offset answer is authoritative.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
import logging
from typing import Protocol

from .const import Command
from .errors import (
    OtaFailedError,
    OtaFileRejectedError,
    OtaOffsetError,
    OtaPacketError,
    OtaRefusedError,
    OtaSendError,
    PayloadError,
    WriteError,
)
from .ota_messages import (
    OtaDataState,
    OtaEndState,
    OtaFileState,
    build_ota_data,
    build_ota_end,
    build_ota_file_info,
    build_ota_offset,
    build_ota_start,
    parse_ota_file_info_response,
    parse_ota_offset_response,
    parse_ota_start_response,
    parse_ota_state_response,
    version_to_int,
)
from .primitives import crc32, md5

_LOGGER = logging.getLogger(__name__)


class OtaTransport(Protocol):
    """Sends one OTA request and returns its answer (DeviceSession fits)."""

    async def ota_request(
        self, cmd: int, payload: bytes, *, wait: float | None = None
    ) -> bytes:
        """Send `payload` as `cmd`; return the answer matched by command."""
        ...

    async def abort_ota(self) -> None:
        """A started transfer failed: let the device leave its OTA state."""
        ...


class OtaStage(StrEnum):
    """Where the transfer is."""

    IDLE = "idle"
    START = "start"
    FILE_INFO = "file_info"
    OFFSET = "offset"
    DATA = "data"
    END = "end"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class FirmwareImage:
    """An image and what the device is told about it."""

    data: bytes
    product_id: str
    version: str
    target: int = 0


def _state_name(
    enum: type[OtaFileState | OtaDataState | OtaEndState], value: int
) -> str:
    try:
        return enum(value).name.lower()
    except ValueError:
        return f"state {value}"


class OtaTransfer:
    """One transfer of `image` over `transport`; call `run` once."""

    def __init__(
        self,
        transport: OtaTransport,
        image: FirmwareImage,
        *,
        progress: Callable[[float], None] | None = None,
        max_packet_size: int | None = None,
    ) -> None:
        if not image.data:
            raise OtaFileRejectedError("the firmware image is empty")
        self._transport = transport
        self._image = image
        self._progress = progress
        self._max_packet_size = max_packet_size
        self.stage = OtaStage.IDLE
        self._device_in_ota = False
        self.resumed_from = 0
        self.packet_size = 0
        self.packets_sent = 0

    async def _ask(self, stage: OtaStage, cmd: Command, payload: bytes) -> bytes:
        self.stage = stage
        try:
            return await self._transport.ota_request(cmd, payload)
        except WriteError as err:
            raise OtaSendError(f"sending the {stage} request failed") from err

    def _report(self, done: int) -> None:
        if self._progress is not None:
            self._progress(100.0 * done / len(self._image.data))

    async def run(self) -> None:
        """Transfer the image; raise an OtaError subclass on failure."""
        try:
            await self._run()
        except BaseException:
            self.stage = OtaStage.FAILED
            if self._device_in_ota:
                # The device holds its OTA state (and refuses other commands)
                # until the link ends; a failed transfer must not leave it so.
                await self._transport.abort_ota()
            raise
        self.stage = OtaStage.DONE

    async def _run(self) -> None:
        target = self._image.target
        # From the start request on, the device may be in its OTA state (its
        # answer can be lost); only an explicit refusal says it is not.
        self._device_in_ota = True
        try:
            start = parse_ota_start_response(
                await self._ask(
                    OtaStage.START, Command.OTA_START, build_ota_start(target)
                )
            )
        except PayloadError as err:
            raise OtaRefusedError(str(err)) from err
        if not start.accepted:
            self._device_in_ota = False
        if not start.accepted or start.max_packet_size == 0:
            raise OtaRefusedError("the device refused to start the update")
        self.packet_size = min(start.max_packet_size, self._max_packet_size or 0xFFFF)
        offset = await self._file_info()
        offset = await self._offset(offset)
        await self._send_data(offset)
        try:
            _type, state = parse_ota_state_response(
                await self._ask(OtaStage.END, Command.OTA_END, build_ota_end(target))
            )
        except PayloadError as err:
            raise OtaFailedError(str(err)) from err
        if state != OtaEndState.OK:
            raise OtaFailedError(
                f"the device rejected the image: {_state_name(OtaEndState, state)}"
            )

    async def _file_info(self) -> int:
        image = self._image
        payload = build_ota_file_info(
            target=image.target,
            product_id=image.product_id,
            version=version_to_int(image.version),
            md5=md5(image.data),
            length=len(image.data),
            crc32=crc32(image.data),
        )
        try:
            info = parse_ota_file_info_response(
                await self._ask(OtaStage.FILE_INFO, Command.OTA_FILE_INFO, payload)
            )
        except PayloadError as err:
            raise OtaFileRejectedError(str(err)) from err
        if info.state != OtaFileState.OK:
            raise OtaFileRejectedError(
                f"the device rejected the file: {_state_name(OtaFileState, info.state)}"
            )
        stored = info.stored_length
        if (
            0 < stored <= len(image.data)
            and crc32(image.data[:stored]) == info.stored_crc32
        ):
            return stored
        return 0

    async def _offset(self, proposed: int) -> int:
        payload = build_ota_offset(self._image.target, proposed)
        try:
            _type, offset = parse_ota_offset_response(
                await self._ask(OtaStage.OFFSET, Command.OTA_OFFSET, payload)
            )
        except PayloadError as err:
            raise OtaOffsetError(str(err)) from err
        if offset > len(self._image.data):
            raise OtaOffsetError(f"the device resumes at {offset}, past the image end")
        if offset != proposed:
            _LOGGER.debug("Device resumes at %d instead of %d", offset, proposed)
        self.resumed_from = offset
        return offset

    async def _send_data(self, offset: int) -> None:
        data, target = self._image.data, self._image.target
        self._report(offset)
        number = 0
        while offset < len(data):
            chunk = data[offset : offset + self.packet_size]
            payload = build_ota_data(target, number, chunk)
            try:
                _type, state = parse_ota_state_response(
                    await self._ask(OtaStage.DATA, Command.OTA_DATA, payload)
                )
            except PayloadError as err:
                raise OtaPacketError(str(err)) from err
            if state != OtaDataState.OK:
                raise OtaPacketError(
                    f"packet {number} refused: {_state_name(OtaDataState, state)}"
                )
            offset += len(chunk)
            number = (number + 1) & 0xFFFF
            self.packets_sent += 1
            self._report(offset)
