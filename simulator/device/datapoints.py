"""DP commands, device side (docs/protocol.md §6.6, §6.7, §7).

Writes: 0x0002 on protocol-3 units (ignored by protocol 4, verified), 0x0027 on
protocol-4 units. Query: 0x0003. Reports: 0x8001/0x8003/0x8004/0x8005 from
protocol-3 units, 0x8006/0x8007 from protocol-4 units. The hub's replies to
reports are recorded in `report_replies` for tests to check.

A product with a behaviour (simulator.behaviour) gets its own behaviour object
in `behaviour`; it judges every validated write before anything is applied, and
what it changes on its own is reported actively after the write's confirmation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
import struct
from typing import TYPE_CHECKING

from simulator.products import Access, DpValue

from .core import EmulatorCore, Request
from .dps import DpEntry, DpError, build_entries, decode_value, entry_for, parse_entries
from .state import V3_FORMATS, V4_FORMATS, ReportFormat, TimeType

if TYPE_CHECKING:
    from simulator.behaviour import Behaviour

_OK, _ERROR = 0, 1


@dataclass(frozen=True, slots=True)
class DpWrite:
    """A DP write the device applied (write-only DPs included)."""

    cmd: int
    values: dict[int, DpValue] = field(repr=False)


# The acknowledgement each report format expects: its length and how many leading
# bytes repeat the report's own header (docs/protocol.md §6.7). The device SDK
# reads the status at a fixed offset, so any other length is misread.
_ACK_SHAPE: dict[ReportFormat, tuple[int, int]] = {
    ReportFormat.V3: (1, 0),
    ReportFormat.V3_TIME: (1, 0),
    ReportFormat.V3_FLAG: (4, 3),
    ReportFormat.V3_FLAG_TIME: (4, 3),
    ReportFormat.V4: (8, 7),
    ReportFormat.V4_TIME: (8, 7),
}


@dataclass(frozen=True, slots=True)
class ReportReply:
    """The hub's answer to one of the device's reports."""

    cmd: int
    ack_sn: int  # should be the sn of the device's report frame
    data: bytes


class DatapointHandlers(EmulatorCore):
    """DP write, query and reports."""

    dp_writes: list[DpWrite]
    report_replies: list[ReportReply]
    behaviour: Behaviour | None
    _follow_up: dict[int, DpValue]
    _dp_sn: int
    _unacknowledged: dict[tuple[int, int], tuple[ReportFormat, bytes]]

    def _register_dp_handlers(self) -> None:
        self.dp_writes = []
        self.report_replies = []
        self._dp_sn = 0
        self._unacknowledged = {}  # (connection, frame sn) -> (format, payload)
        # One object per unit, so two emulators of a product share no state.
        factory = self.product.behaviour
        self.behaviour = factory() if factory is not None else None
        self._follow_up = {}  # what the behaviour changes after a write
        self._handlers.update(
            {
                0x0002: self._on_write_v3,
                0x0027: self._on_write_v4,
                0x0003: self._on_query,
            }
        )
        for fmt in ReportFormat:
            self._handlers[fmt] = self._on_report_reply

    # ---- writes ------------------------------------------------------------

    def _apply_write(
        self, cmd: int, entries: list[DpEntry] | None
    ) -> tuple[int, list[int]]:
        """Validate every entry first, then apply all or nothing."""
        if not entries:
            return _ERROR, []
        decoded: dict[int, DpValue] = {}
        try:
            for entry in entries:
                spec = self.product.dp(entry.dp_id)
                if spec is None or not spec.writable:
                    raise DpError(f"dp {entry.dp_id} not writable")
                decoded[entry.dp_id] = decode_value(spec, entry)
        except DpError:
            return _ERROR, []
        transient: frozenset[int] = frozenset()
        if self.behaviour is not None:
            outcome = self.behaviour.on_write(self, decoded)
            if not outcome.accept:
                return _ERROR, []
            transient = outcome.transient
            self._follow_up = dict(outcome.then)
        self.dp_writes.append(DpWrite(cmd, decoded))
        stateful = [
            dp_id
            for dp_id in decoded
            if (spec := self.product.dp(dp_id)) is not None
            and spec.access is not Access.WR
            and dp_id not in transient
        ]
        for dp_id in stateful:
            self.dp_values[dp_id] = decoded[dp_id]
        return _OK, stateful

    def _on_write_v3(self, request: Request) -> str:
        if self.protocol_version >= 4:
            return "ignored: 0x0002 on a protocol-4 unit"
        status, changed = self._apply_write(
            request.cmd, parse_entries(request.data, wide=False)
        )
        self._reply(request, bytes([status]))
        self._confirm(changed, None)
        return f"dp write status {status}"

    def _on_write_v4(self, request: Request) -> str:
        if self.protocol_version < 4:
            return "ignored: 0x0027 on a protocol-3 unit"
        header = request.data[:5]
        entries = (
            parse_entries(request.data[5:], wide=True) if len(header) == 5 else None
        )
        status, changed = self._apply_write(request.cmd, entries)
        self._reply(request, header.ljust(5, b"\x00") + bytes([status]), mode=5)
        # The SDK's demo echoes the write's own DP sn (docs/protocol.md §11.7).
        self._confirm(changed, struct.unpack(">I", header[1:5])[0] if changed else None)
        return f"dp write status {status}"

    def _confirm(self, dp_ids: list[int], dp_sn: int | None) -> None:
        if dp_ids and self.options.report_after_write:
            self.report(dp_ids, passive=True, dp_sn=dp_sn)
        # The unit's own changes (a bolt drawn back) are news, not an echo of
        # the write: an active report of their own, whatever the options say.
        follow_up, self._follow_up = self._follow_up, {}
        if follow_up:
            self.report(follow_up)

    # ---- query -------------------------------------------------------------

    def _on_query(self, request: Request) -> str:
        self._reply(request, b"\x00", mode=5)
        wanted = list(request.data) or list(self.dp_values)
        known = [dp_id for dp_id in wanted if dp_id in self.dp_values]
        if known:
            # Reports answering a query carry DP sn 0 (docs/protocol.md §11.7).
            self.report(known, passive=True, dp_sn=0)
        return f"query: reported {len(known)} dp(s)"

    # ---- reports -----------------------------------------------------------

    def set_dp(
        self,
        dp_id: int,
        value: DpValue,
        *,
        report: bool = True,
        fmt: ReportFormat | None = None,
        time_type: TimeType = TimeType.SECONDS,
        timestamp_ms: int | None = None,
    ) -> int | None:
        """Change a DP on the device side (a sensor reading, a button press).

        The value is validated against the DP model (ValueError if it doesn't
        fit). With `report`, the change is reported at once (actively) when
        paired, in `fmt`. Returns the report frame's sn.
        """
        spec = self.product.dp(dp_id)
        if spec is None:
            raise ValueError(f"unknown dp {dp_id}")
        try:
            value = decode_value(spec, entry_for(spec, value))
        except (DpError, ValueError, TypeError, OverflowError) as err:
            raise ValueError(f"dp {dp_id}: {value!r} does not fit its model") from err
        self.dp_values[dp_id] = value
        if not report:
            return None
        return self.report(
            [dp_id], fmt=fmt, time_type=time_type, timestamp_ms=timestamp_ms
        )

    def report(
        self,
        dp_ids: Iterable[int] | Mapping[int, DpValue] | None = None,
        *,
        fmt: ReportFormat | None = None,
        passive: bool = False,
        time_type: TimeType = TimeType.SECONDS,
        timestamp_ms: int | None = None,
        report_mode: int = 0,
        no_response: bool = False,
        dp_sn: int | None = None,
    ) -> int | None:
        """Send a DP report of the current values (all DPs with state by default).

        `dp_ids` may be a mapping of new values: they are set (validated) first.
        `dp_sn` is the report's own sequence number (v3 flag formats keep its low
        16 bits); by default the device's next one.

        `fmt` picks the command (default: options.report_format, else 0x8001 on
        protocol 3 and 0x8006 on protocol 4); a v3 format on a v4 unit or the
        reverse raises ValueError, as such builds can't send it. Returns the
        frame's sn, or None when not connected and paired.
        """
        if isinstance(dp_ids, Mapping):  # new values first, then report them
            for dp_id, value in dp_ids.items():
                self.set_dp(dp_id, value, report=False)
        if not self._paired:
            return None
        fmt = (
            fmt
            or self.options.report_format
            or (ReportFormat.V4 if self.protocol_version >= 4 else ReportFormat.V3)
        )
        allowed = V4_FORMATS if self.protocol_version >= 4 else V3_FORMATS
        if fmt not in allowed:
            raise ValueError(
                f"protocol {self.protocol_version} units can't send {fmt.name}"
            )
        ids = list(self.dp_values if dp_ids is None else dp_ids)
        entries = []
        for dp_id in ids:
            spec = self.product.dp(dp_id)
            if spec is None or dp_id not in self.dp_values:
                raise ValueError(f"dp {dp_id} has no state to report")
            entries.append(entry_for(spec, self.dp_values[dp_id]))
        wide = fmt in V4_FORMATS
        dps = build_entries(entries, wide)
        when = self.device_time_ms() if timestamp_ms is None else timestamp_ms
        stamp = (
            bytes([TimeType.SECONDS]) + struct.pack(">I", when // 1000)
            if time_type is TimeType.SECONDS
            else bytes([TimeType.MILLIS_ASCII]) + f"{when:013d}".encode("ascii")
        )
        if dp_sn is None:
            self._dp_sn += 1
            dp_sn = self._dp_sn
        sn16 = struct.pack(">H", dp_sn & 0xFFFF)
        flags = (0x80 if no_response else 0) | (1 if passive else 0)
        match fmt:
            case ReportFormat.V3:
                payload = dps
            case ReportFormat.V3_TIME:
                payload = stamp + dps
            case ReportFormat.V3_FLAG:
                payload = sn16 + bytes([report_mode]) + dps
            case ReportFormat.V3_FLAG_TIME:
                payload = sn16 + bytes([report_mode]) + stamp + dps
            case ReportFormat.V4:
                payload = (
                    b"\x00"
                    + struct.pack(">I", dp_sn)
                    + bytes([flags, report_mode])
                    + dps
                )
            case _:
                payload = (
                    b"\x00"
                    + struct.pack(">I", dp_sn)
                    + bytes([0, report_mode])
                    + stamp
                    + dps
                )
        sn = self._send(fmt, payload)
        if sn is not None and not (no_response and fmt in V4_FORMATS):
            self._unacknowledged[self.connections, sn] = (fmt, payload)
        return sn

    def _on_report_reply(self, request: Request) -> str:
        """Check the hub's acknowledgement as the device SDK would read it."""
        self.report_replies.append(
            ReportReply(request.cmd, request.ack_sn, request.data)
        )
        report = self._unacknowledged.pop((self.connections, request.ack_sn), None)
        if report is None or report[0] != request.cmd:
            self._protocol_error(
                f"0x{request.cmd:04x} acknowledges no open report (ack_sn "
                f"{request.ack_sn})"
            )
            return "ignored: no such report"
        fmt, payload = report
        length, echoed = _ACK_SHAPE[fmt]
        if len(request.data) != length:
            self._protocol_error(
                f"0x{request.cmd:04x} acknowledgement of {len(request.data)} bytes, "
                f"expected {length}"
            )
            return "ignored: malformed acknowledgement"
        if request.data[:echoed] != payload[:echoed]:
            self._protocol_error(
                f"0x{request.cmd:04x} acknowledgement does not repeat the report header"
            )
            return "ignored: malformed acknowledgement"
        return "report acknowledged"
