"""Handshake and binding commands, device side (docs/protocol.md §6, §11).

0x0000 device info, 0x0001 pair, 0x0005 unbind, 0x0006 factory reset,
0x0014 anomaly unbind, the hub's answers to the time requests 0x8011-0x8014,
and Wi-Fi combo provisioning (0x0021/0x0022 BLE-SDK path, 0x801B/0x801C and
0x001E TuyaOpen path).
"""

from __future__ import annotations

import datetime as dt
import json
import struct

from .core import EmulatorCore, Request
from .crypto import MODE_KEY1, MODE_KEY2
from .state import DropReason, TimeSync, WifiCredentials

_TIME_COMMANDS = (0x8011, 0x8012, 0x8013, 0x8014)


def _three(version: tuple[int, int, int]) -> bytes:
    return bytes(version)


class BindHandlers(EmulatorCore):
    """Device info, pairing, unbinding, time and provisioning."""

    def _register_bind_handlers(self) -> None:
        self._handlers.update(
            {
                0x0000: self._on_device_info,
                0x0001: self._on_pair,
                0x0005: self._on_unbind,
                0x0006: self._on_factory_reset,
                0x0014: self._on_anomaly_unbind,
                0x0012: self._on_factory_test,
                0x0021: self._on_combo_data,
                0x801B: self._on_transparent_downlink,
                0x001E: lambda _request: "network status acknowledged",
            }
        )
        for cmd in _TIME_COMMANDS:
            self._handlers[cmd] = self._on_time_answer

    # ---- device info -------------------------------------------------------

    def _on_device_info(self, request: Request) -> str:
        if self.protocol_version >= 4:
            if len(request.data) != 2:
                self._drop_link(DropReason.DEVICE_INFO_LENGTH)
                return "dropped link: device-info length"
            wanted = struct.unpack(">H", request.data)[0]
            # Fits the build's maximum: use it; otherwise fall back to 20
            # (docs/protocol.md §3.3).
            self._notify_size = (
                wanted if 0 < wanted <= self.options.max_write_size else 20
            )
        srand = bytes(6)
        while srand == bytes(6):
            srand = self.options.random_bytes(6)
        self._keys.srand = srand
        self._reply(request, self._device_info_payload(), mode=request.mode)
        return "answered device info"

    def _device_info_payload(self) -> bytes:
        product = self.product
        fw = self.firmware_version
        hw = tuple(int(p) for p in product.hardware_version.split("."))
        minor = product.protocol_minor
        if self.protocol_version == 3 and minor >= 4:
            # Version-3.4 builds put the low 16 bits of the 3-byte versions up
            # front and no flags; only bytes 46-51 are whole (docs/protocol.md §11.5).
            fw_head, hw_head, flags = bytes(fw[1:3]), bytes(hw[1:3]), 0x00
        else:
            fw_head, hw_head, flags = bytes(fw[:2]), bytes(hw[:2]), 0x05
        out = bytearray(fw_head)
        out += bytes([self.protocol_version, minor, flags, int(self._bound)])
        out += self._keys.srand
        out += hw_head
        if self.protocol_version == 3 and minor <= 1:
            out += self._keys.auth_key[:32]
        else:
            out += self._keys.register_key() + bytes(16)
        out += _three(fw) + bytes(hw[:3])
        out += struct.pack(">H", product.communication_ability)
        out += b"\x00"  # link not encrypted
        out += self.virtual_id
        out += bytes(6)  # MCU firmware / hardware versions
        out += b"\x01"  # Wi-Fi register mode, as the SDK build sends it
        if self.protocol_version < 4:
            return bytes(out)  # (uncertain) v3 builds stop before the v4.2 fields
        out += bytes(4)  # capability bits
        out += b"\x00" + self.identity.mac_bytes[::-1]  # address type, MAC LSB first
        key = self.options.firmware_key
        out += bytes([len(key)]) + key if len(key) in (8, 16) else b"\x00"
        out += b"\x00\x00"  # no Zigbee MAC, no attachments
        out += b"\x02" + struct.pack(">H", 512)  # reassembler limit
        return bytes(out)

    # ---- pairing and unbinding --------------------------------------------

    def _on_pair(self, request: Request) -> str:
        data = request.data
        if data[:16] != self._keys.uuid:
            self._reply(request, b"\x01", mode=request.mode)
            self._drop_link(DropReason.UUID_MISMATCH)
            return "pair refused: uuid mismatch"
        if self._bound:
            self._pair_done()
            if self._reply(request, b"\x02") is not None:
                self._after_pair()
            return "paired: already bound"
        # The SDK doesn't check the length: a short request stores garbage
        # (docs/protocol.md §11.4).
        self._keys.login_key = data[16:22].ljust(6, b"\x00")
        self.virtual_id = data[22:44].ljust(22, b"\x00")
        self._bound = True
        self._pair_done()
        self._advertising_changed()
        # Answered under the new login key; needs a valid srand (mode 5).
        if self._reply(request, b"\x00", mode=5) is None:
            return "bound: no answer (srand not valid)"
        self._after_pair()
        return "bound"

    def _after_pair(self) -> None:
        cmd = self.options.time_request
        if cmd == 0x8014:
            self._send(cmd, bytes([self.options.time_request_dst_years]))
        elif cmd is not None:
            self._send(cmd, b"")
        if self.product.combo == "tuyaopen":
            self._send(0x001E, b"\x00")  # network status: not connected

    def _unbind(self, *, reset: bool) -> None:
        self._keys.login_key = bytes(6)
        self._bound = False
        if reset:
            self.virtual_id = bytes(22)
            self.dp_values = self.product.default_values()
            self.flash.clear()
        self._advertising_changed()

    def _on_unbind(self, request: Request) -> str:
        self._reply(request, b"\x00", mode=5)
        self._unbind(reset=False)
        self._drop_link(DropReason.UNBIND)
        return "unbound"

    def _on_factory_reset(self, request: Request) -> str:
        self._reply(request, b"\x00", mode=5)
        self._unbind(reset=True)
        self._drop_link(DropReason.FACTORY_RESET)
        return "factory reset"

    def _on_anomaly_unbind(self, request: Request) -> str:
        # (uncertain) payload not interpreted; the answer goes in mode 1
        # (docs/protocol.md §11.1).
        self._reply(request, b"\x00", mode=MODE_KEY1)
        self._unbind(reset=False)
        self._drop_link(DropReason.ANOMALY_UNBIND)
        return "anomaly unbound"

    def _on_factory_test(self, request: Request) -> str:
        # Only in plaintext, so only an unbound unit reacts; no test mode here
        # (docs/protocol.md §11.1).
        return (
            "factory test ignored"
            if request.mode == 0
            else "ignored: factory test needs mode 0"
        )

    # ---- time --------------------------------------------------------------

    def _on_time_answer(self, request: Request) -> str:
        sync = _parse_time(request.cmd, request.data, self.scheduler.time())
        if sync is None:
            return "time answer malformed"
        self.time_sync = sync
        return "time set"

    # ---- Wi-Fi provisioning --------------------------------------------------

    def _on_combo_data(self, request: Request) -> str:
        self.wifi_credentials.append(_credentials(0x0021, request.data))
        self._reply(request, b"\x00", mode=request.mode)
        result_mode = MODE_KEY2 if self._srand_valid else MODE_KEY1
        self._send(0x0022, struct.pack(">h", 0), mode=result_mode)
        return "provisioning data received"

    def _on_transparent_downlink(self, request: Request) -> str:
        if self.product.combo != "tuyaopen" or len(request.data) < 4:
            return "ignored: not a TuyaOpen combo"
        flags, sub = request.data[1], struct.unpack_from(">H", request.data, 2)[0]
        result = 1
        if sub == 0x0001:
            self.wifi_credentials.append(_credentials(0x801B, request.data[4:]))
            result = 0
        if flags & 0x01:  # response wanted
            # (uncertain) ack_sn of 0x801C: the request's sn.
            self._send(
                0x801C,
                b"\x00\x00" + struct.pack(">H", sub) + bytes([result]),
                ack_sn=request.sn,
            )
        return "transparent downlink"


def _parse_time(cmd: int, data: bytes, now: float) -> TimeSync | None:
    try:
        if cmd == 0x8011:
            return TimeSync(cmd, int(data[:13].decode("ascii")), _tz(data, 13), now)
        if cmd == 0x8014:
            count = data[12]
            if len(data) < 13 + 20 * count:
                return None
            return TimeSync(
                cmd, int(data[:10].decode("ascii")) * 1000, _tz(data, 10), now, count
            )
        if len(data) < 9:
            return None
        year, month, day, hour, minute, second = data[:6]
        moment = dt.datetime(
            2000 + year, month, day, hour, minute, second, tzinfo=dt.UTC
        )
        tz = _tz(data, 7)
        unix_ms = int(moment.timestamp() * 1000)
        if cmd == 0x8013:  # local time: back to UTC using tz (hundredths of an hour)
            unix_ms -= tz * 36_000
        return TimeSync(cmd, unix_ms, tz, now)
    except ValueError, IndexError:
        return None


def _tz(data: bytes, offset: int) -> int:
    if len(data) < offset + 2:
        raise IndexError("no tz")
    value: int = struct.unpack_from(">h", data, offset)[0]
    return value


def _credentials(cmd: int, raw: bytes) -> WifiCredentials:
    try:
        parsed = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError, ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        return WifiCredentials(cmd, None, None, None, raw)

    def text(key: str) -> str | None:
        value = parsed.get(key)
        return value if isinstance(value, str) else None

    return WifiCredentials(
        cmd, text("ssid"), text("pwd") or text("passwd"), text("token"), raw
    )
