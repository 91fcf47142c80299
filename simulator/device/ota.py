"""OTA commands 0x000C-0x0010, device side (docs/protocol.md §6.10).

Responses carry ack_sn = 0 and use mode 5 (verified on the SDK): a hub matches
them by command. Only target type 0 (main firmware) is implemented: type 1 (MCU)
and 10-19 (attachments) are refused, any other type gets no answer, as the SDK
routes it nowhere. After a successful end the unit reboots (after
`options.ota_reboot_delay`) into the new version, which drops the link.
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from .core import EmulatorCore, Request
from .ota_storage import FirmwareInfo, version_to_int
from .state import DropReason

if TYPE_CHECKING:
    from .clock import Cancellable

_OTA_PROTOCOL = 3


class OtaHandlers(EmulatorCore):
    """Firmware update commands."""

    _reboot_timer: Cancellable | None

    @property
    def reboot_pending(self) -> bool:
        """Whether a reboot into new firmware is scheduled."""
        return self._reboot_timer is not None

    def _register_ota_handlers(self) -> None:
        self._reboot_timer = None
        self._handlers.update(
            {
                0x000C: self._on_ota_start,
                0x000D: self._on_ota_file_info,
                0x000E: self._on_ota_offset,
                0x000F: self._on_ota_data,
                0x0010: self._on_ota_end,
            }
        )

    def _ota_reply(self, request: Request, data: bytes) -> None:
        self._send(request.cmd, data, ack_sn=0, mode=5)

    def _on_ota_start(self, request: Request) -> str:
        if len(request.data) != 1:
            return "ignored: OTA start must be 1 byte"
        target = request.data[0]
        if target not in {0, 1} and not 10 <= target <= 19:
            return "ignored: unknown OTA target"
        accept = target == 0 and self.options.ota_enabled
        self._ota_active = accept
        self._ota_reply(
            request,
            bytes([0 if accept else 1, _OTA_PROTOCOL, target])
            + struct.pack(
                ">IH", version_to_int(self.firmware_version), self.flash.max_packet
            ),
        )
        return "OTA started" if accept else "OTA refused"

    def _on_ota_file_info(self, request: Request) -> str:
        data = request.data
        if len(data) < 37 or data[0] != 0 or not self._ota_active:
            return "ignored: bad OTA file info"
        version, digest, length, crc = (
            struct.unpack_from(">I", data, 9)[0],
            data[13:29],
            *struct.unpack_from(">II", data, 29),
        )
        state = self.flash.begin(FirmwareInfo(data[1:9], version, digest, length, crc))
        stored, stored_crc, stored_md5 = self.flash.stored_summary()
        self._ota_reply(
            request,
            bytes([0, state]) + struct.pack(">II", stored, stored_crc) + stored_md5,
        )
        return f"OTA file info state {state}"

    def _on_ota_offset(self, request: Request) -> str:
        data = request.data
        if len(data) < 5 or data[0] != 0 or not self._ota_active:
            return "ignored: bad OTA offset"
        offset = self.flash.set_offset(struct.unpack_from(">I", data, 1)[0])
        self._ota_reply(request, b"\x00" + struct.pack(">I", offset))
        return f"OTA offset {offset}"

    def _on_ota_data(self, request: Request) -> str:
        data = request.data
        if len(data) < 7 or data[0] != 0 or not self._ota_active:
            return "ignored: bad OTA data"
        number, length, crc = struct.unpack_from(">HHH", data, 1)
        state = self.flash.write(number, length, crc, data[7:])
        self._ota_reply(request, bytes([0, state]))
        return f"OTA data {number} state {state}"

    def _on_ota_end(self, request: Request) -> str:
        if request.data[:1] != b"\x00" or not self._ota_active:
            return "ignored: bad OTA end"
        state = self.flash.finish()
        self._ota_reply(request, bytes([0, state]))
        if state == 0:
            self._reboot_timer = self.scheduler.call_later(
                self.options.ota_reboot_delay, self._reboot
            )
        return f"OTA end state {state}"

    def _reboot(self) -> None:
        """Restart into the installed image: link lost, service_rand forgotten."""
        self._reboot_timer = None
        if self.flash.installed is not None:
            self.firmware_version = self.flash.installed
        self.reboots += 1
        self._keys.service_rand = bytes(16)
        if self._central is not None:
            self._drop_link(DropReason.OTA_REBOOT)
        self._advertising_changed()
