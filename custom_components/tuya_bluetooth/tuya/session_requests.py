"""What a connected session asks of the device: DPs, unbind, Wi-Fi, OTA.

Mixed into `DeviceSession`, which provides the connection these requests run on
(`request`, `_ready_channel`, the idle timer and the OTA flag).
"""

from __future__ import annotations

from collections.abc import Iterable
import logging

from . import commands
from .channel import FrameChannel
from .const import OTA_COMMANDS, Command, SecurityMode
from .datapoints import DataPoint
from .device_info import DeviceInfo
from .errors import (
    CommandRejectedError,
    InvalidArgumentError,
    OtaTimeoutError,
    ResponseTimeoutError,
)

_LOGGER = logging.getLogger(__name__)


class SessionRequests:
    """Requests built on `DeviceSession.request` and its channel."""

    _info: DeviceInfo | None
    _dp_sn: int
    _ota_active: bool
    response_timeout: float
    ota_timeout: float

    async def request(
        self, cmd: int, data: bytes = b"", *, wait: float | None = None
    ) -> bytes:
        """Send a mode-5 request and return its answer's payload."""
        raise NotImplementedError

    def _ready_channel(self) -> FrameChannel:
        raise NotImplementedError

    def _touch(self) -> None:
        raise NotImplementedError

    @property
    def _linked(self) -> bool:
        raise NotImplementedError

    async def disconnect(self) -> None:
        """Close the connection."""
        raise NotImplementedError

    async def write_dps(self, dps: Iterable[DataPoint]) -> None:
        """Write DPs (0x0027 on protocol 4, 0x0002 before); raise if refused."""
        dps = list(dps)
        if self._info is not None and self._info.protocol_major >= 4:
            self._dp_sn = self._dp_sn % 0xFFFFFFFF + 1
            answer = await self.request(
                Command.DP_WRITE_V4, commands.build_dp_write_v4(dps, self._dp_sn)
            )
            status = commands.parse_dp_write_v4_response(answer).status
        else:
            answer = await self.request(
                Command.DP_WRITE, commands.build_dp_write_v3(dps)
            )
            status = commands.parse_dp_write_v3_response(answer)
        if status:
            raise CommandRejectedError(
                f"the device refused the DP write (status {status})"
            )

    async def query_dps(self, dp_ids: Iterable[int] = ()) -> None:
        """Ask for DP values (all by default); they arrive as reports."""
        await self.request(Command.DP_QUERY, commands.build_dp_query(dp_ids))

    async def unbind(self, *, factory_reset: bool = False) -> None:
        """Unbind (or factory-reset) the device; it then drops the link."""
        cmd = Command.FACTORY_RESET if factory_reset else Command.UNBIND
        status = commands.parse_status_response(await self.request(cmd))
        if status:
            raise CommandRejectedError(
                f"the device refused to unbind (status {status})"
            )

    async def provision_wifi(self, ssid: str, password: str, token: str) -> int:
        """Send Wi-Fi credentials (0x801B); return the 0x801C result (0 ok)."""
        channel = self._ready_channel()
        answer = await channel.request(
            Command.TRANSPARENT_DOWN,
            commands.build_wifi_config(ssid, password, token),
            SecurityMode.SESSION,
            wait=self.response_timeout,
            response_cmd=Command.TRANSPARENT_UP,
            by_command=True,
        )
        return commands.parse_transparent_response(answer.frame.data).result

    async def ota_request(
        self, cmd: int, payload: bytes, *, wait: float | None = None
    ) -> bytes:
        """Send an OTA request; its answer is matched by command (ack_sn is 0)."""
        if cmd not in OTA_COMMANDS:
            raise InvalidArgumentError(f"0x{cmd:04X} is not an OTA command")
        channel = self._ready_channel()
        self._ota_active = True
        self._touch()
        try:
            answer = await channel.request(
                cmd,
                payload,
                SecurityMode.SESSION,
                wait=wait or self.ota_timeout,
                by_command=True,
            )
        except ResponseTimeoutError as err:
            self._ota_active = False
            raise OtaTimeoutError(f"no answer to OTA command 0x{cmd:04X}") from err
        except BaseException:
            self._ota_active = False
            raise
        finally:
            self._touch()
        refused = cmd == Command.OTA_START and answer.frame.data[:1] != b"\x00"
        if cmd == Command.OTA_END or refused:
            self._ota_active = False
        return answer.frame.data

    async def abort_ota(self) -> None:
        """End a transfer that failed after the device started it.

        The device keeps its OTA state, refusing other commands, until the link
        ends, so the link is closed; the next command connects afresh.
        """
        self._ota_active = False
        if self._linked:
            _LOGGER.debug("Closing the link to end an unfinished OTA transfer")
            await self.disconnect()
