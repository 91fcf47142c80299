"""One coordinator per device: connection policy, availability and DP state.

The protocol lives in `tuya.TuyaBLEDevice`; this glue decides *when* to connect:
always (reconnecting with exponential backoff and jitter when the link drops)
or on demand (for commands, when the advertisement asks for a connection, and on
a long poll interval), and keeps entities' availability honest: a connected
device usually stops advertising, so the base class's "no advertisement for a
while" is ignored while the link is up.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
import logging
import random
from typing import override

from habluetooth import HaBluetoothSlotAllocations, get_manager
from homeassistant.components.bluetooth import (
    MONOTONIC_TIME,
    BluetoothCallbackMatcher,
    BluetoothChange,
    BluetoothScanningMode,
    BluetoothServiceInfoBleak,
    async_register_callback,
    async_set_fallback_availability_interval,
)
from homeassistant.components.bluetooth.active_update_coordinator import (
    ActiveBluetoothDataUpdateCoordinator,
)
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.event import async_call_later

from .const import (
    DOMAIN,
    EVENT_COMMAND_SETTLED,
    ON_DEMAND_POLL_INTERVAL,
    RECONNECT_BASE,
    RECONNECT_CAP,
    SLEEPY_AVAILABILITY_INTERVAL,
    ConnectionPolicy,
)
from .tuya.advertisement import parse_advertisement
from .tuya.command_queue import CommandResult, Settlement
from .tuya.datapoints import DataPoint
from .tuya.device import DeviceEvent, TuyaBLEDevice
from .tuya.errors import KeyRejectedError, TuyaBLEError
from .tuya.session import DisconnectReason

_LOGGER = logging.getLogger(__name__)


async def async_wait_for_connection_slot(hass: HomeAssistant, address: str) -> None:
    """Return once a proxy or adapter frees a slot, or the device advertises again.

    habluetooth picks the connection path from the slots each scanner reports;
    when all are taken, a command waits for one instead of failing at once.
    """
    ready: asyncio.Future[None] = hass.loop.create_future()
    since = MONOTONIC_TIME()

    @callback
    def _wake() -> None:
        if not ready.done():
            ready.set_result(None)

    @callback
    def _allocations(allocations: HaBluetoothSlotAllocations) -> None:
        if allocations.free > 0:
            _wake()

    @callback
    def _advertised(service_info: BluetoothServiceInfoBleak, _change: object) -> None:
        # Registering replays the last advertisement: only a newer one counts.
        if service_info.time > since:
            _wake()

    unsubscribe = (
        get_manager().async_register_allocation_callback(_allocations),
        async_register_callback(
            hass,
            _advertised,
            BluetoothCallbackMatcher(address=address, connectable=True),
            BluetoothScanningMode.ACTIVE,
        ),
    )
    try:
        await ready
    finally:
        for cancel in unsubscribe:
            cancel()


def backoff_delay(
    failures: int, *, uniform: Callable[[float, float], float] = random.uniform
) -> float:
    """Seconds before reconnect attempt `failures` + 1: doubling, capped, jittered.

    Full jitter (a random share of the doubled delay) keeps many devices behind
    one proxy from reconnecting in step after the proxy restarts.
    """
    ceiling = min(RECONNECT_CAP, RECONNECT_BASE * 2 ** min(failures, 16))
    return uniform(ceiling / 2, ceiling)


class TuyaBluetoothCoordinator(ActiveBluetoothDataUpdateCoordinator[None]):
    """Keeps one Tuya Bluetooth device reachable as its policy says."""

    def __init__(
        self,
        hass: HomeAssistant,
        device: TuyaBLEDevice,
        *,
        name: str,
        policy: ConnectionPolicy,
        idle_timeout: float,
        uniform: Callable[[float, float], float] = random.uniform,
        on_key_rejected: Callable[[], Awaitable[bool]] | None = None,
    ) -> None:
        super().__init__(
            hass,
            _LOGGER,
            address=device.address,
            mode=BluetoothScanningMode.ACTIVE,
            needs_poll_method=self._needs_poll,
            poll_method=self._poll,
            connectable=True,
        )
        self.device = device
        self.device_name = name
        self.policy = policy
        self._uniform = uniform
        self._on_key_rejected = on_key_rejected
        self._key_check: asyncio.Task[None] | None = None
        self._failures = 0
        self._released = False  # the link is lent to a key probe
        self._reconnect: CALLBACK_TYPE | None = None
        self._was_available = True
        self._unsubscribe = device.subscribe(self._device_event)
        device.idle_timeout = (
            idle_timeout if policy is ConnectionPolicy.ON_DEMAND else None
        )
        if policy is ConnectionPolicy.ON_DEMAND:
            # Sleepy devices advertise rarely: don't call them gone too soon.
            async_set_fallback_availability_interval(
                hass, device.address, SLEEPY_AVAILABILITY_INTERVAL
            )

    # --- availability ----------------------------------------------------------------

    @property
    @override
    def available(self) -> bool:
        """Connected, or seen advertising recently."""
        return self.device.is_connected or self._available

    @callback
    @override
    def _async_handle_unavailable(
        self, service_info: BluetoothServiceInfoBleak
    ) -> None:
        if self.device.is_connected:
            return  # silent because connected, not because gone
        super()._async_handle_unavailable(service_info)
        self._log_availability()

    def _log_availability(self) -> None:
        available = self.available
        if available == self._was_available:
            return
        self._was_available = available
        if available:
            _LOGGER.info("%s is available again", self.device_name)
        else:
            _LOGGER.info("%s is unavailable", self.device_name)

    # --- advertisements and polls ------------------------------------------------------

    @callback
    @override
    def _async_handle_bluetooth_event(
        self, service_info: BluetoothServiceInfoBleak, change: BluetoothChange
    ) -> None:
        self.device.set_ble_device(service_info.device)
        super()._async_handle_bluetooth_event(service_info, change)
        self._log_availability()

    def _needs_poll(
        self, service_info: BluetoothServiceInfoBleak, seconds_since_poll: float | None
    ) -> bool:
        if self.device.is_connected or self._reconnect is not None or self._released:
            return False
        if self.policy is ConnectionPolicy.ALWAYS:
            return True
        advertisement = parse_advertisement(
            service_info.address,
            service_info.service_data,
            service_info.manufacturer_data,
        )
        if advertisement is not None and advertisement.connection_request:
            return True  # the device has something to tell
        return (
            seconds_since_poll is None or seconds_since_poll >= ON_DEMAND_POLL_INTERVAL
        )

    async def _poll(self, _service_info: BluetoothServiceInfoBleak | None) -> None:
        try:
            await self.device.ensure_connected()
            await self.device.query_dps()
        except TuyaBLEError as err:
            self._connect_failed(err)
            return
        self._failures = 0

    # --- reconnecting ------------------------------------------------------------------

    def _connect_failed(self, err: TuyaBLEError) -> None:
        if isinstance(err, KeyRejectedError):
            self._key_rejected()
            return
        self._failures += 1
        _LOGGER.debug(
            "%s: connecting failed (%s, attempt %d)",
            self.device_name,
            type(err).__name__,
            self._failures,
        )
        if self.policy is ConnectionPolicy.ALWAYS:
            self._schedule_reconnect()

    @callback
    def _key_rejected(self) -> None:
        """The device no longer takes our key (re-paired in the app).

        Rather than retrying with it forever, recover once (new keys from the
        account, or the user asked) at a time; try again later only when told.
        """
        if self._key_check is not None or self._on_key_rejected is None:
            return
        self._key_check = self.hass.async_create_background_task(
            self._recover_keys(self._on_key_rejected),
            f"{self.device_name} key rejected",
            eager_start=True,
        )

    async def _recover_keys(self, recover: Callable[[], Awaitable[bool]]) -> None:
        try:
            retry = await recover()
        finally:
            self._key_check = None
        if retry:
            self._failures += 1
            if self.policy is ConnectionPolicy.ALWAYS:
                self._schedule_reconnect()

    def _schedule_reconnect(self) -> None:
        if self._reconnect is not None or self._released or self.hass.is_stopping:
            return
        delay = backoff_delay(self._failures, uniform=self._uniform)
        self._reconnect = async_call_later(self.hass, delay, self._reconnect_now)

    @callback
    def _reconnect_now(self, _now: object) -> None:
        self._reconnect = None
        self.hass.async_create_background_task(
            self._poll_now(), f"{self.device_name} reconnect", eager_start=True
        )

    async def _poll_now(self) -> None:
        await self._poll(self._last_service_info)

    @callback
    def _device_event(self, event: DeviceEvent) -> None:
        if (
            event.connected is False
            and event.disconnect_reason is DisconnectReason.LOST
            and self.policy is ConnectionPolicy.ALWAYS
        ):
            self._schedule_reconnect()
        self.async_update_listeners()
        self._log_availability()

    # --- commands ----------------------------------------------------------------------

    async def async_write_dps(self, dps: list[DataPoint]) -> CommandResult:
        """Write DPs; an uncertain write is reported again once it is settled."""
        result = await self.device.write_dps(dps)
        if isinstance(result.error, KeyRejectedError):
            self._key_rejected()
        if result.settlement is not None:
            dp_ids = sorted(dp.id for dp in dps)
            result.settlement.add_done_callback(
                lambda settled: self._command_settled(dp_ids, settled)
            )
        return result

    @callback
    def _command_settled(
        self, dp_ids: list[int], settled: asyncio.Future[Settlement]
    ) -> None:
        if settled.cancelled():
            return
        settlement = settled.result()
        # The action that sent it already raised "uncertain"; say how it ended.
        _LOGGER.log(
            logging.WARNING if settlement is Settlement.NOT_APPLIED else logging.INFO,
            "%s: the write of DP %s that got no answer was %s",
            self.device_name,
            ", ".join(map(str, dp_ids)),
            settlement.replace("_", " "),
        )
        # This integration's one device at the address (other integrations may
        # register a device with the same Bluetooth connection).
        registered = [
            device
            for device in dr.async_get(self.hass).async_get_devices(
                connections={(dr.CONNECTION_BLUETOOTH, self.address)}
            )
            if any(domain == DOMAIN for domain, _ in device.identifiers)
        ]
        self.hass.bus.async_fire(
            EVENT_COMMAND_SETTLED,
            {
                "device_id": registered[0].id if registered else None,
                "address": self.address,
                "dp_ids": dp_ids,
                "settlement": settlement.value,
            },
        )

    # --- lifecycle ---------------------------------------------------------------------

    @asynccontextmanager
    async def async_released(self) -> AsyncIterator[None]:
        """Lend the device's one connection to a key probe, then take it back.

        A device talks to one central at a time: new keys are tried on it while
        this entry keeps its link closed and does not reconnect.
        """
        self._released = True
        if self._reconnect is not None:
            self._reconnect()
            self._reconnect = None
        try:
            await self.device.disconnect()
            yield
        finally:
            self._released = False
            if self.policy is ConnectionPolicy.ALWAYS:
                self._schedule_reconnect()

    async def async_connect_at_setup(self) -> None:
        """Always-connected devices connect when the entry is set up."""
        if self.policy is ConnectionPolicy.ALWAYS:
            await self._poll_now()

    async def async_shutdown(self) -> None:
        """Stop reconnecting and close the connection (unload, stop)."""
        if self._reconnect is not None:
            self._reconnect()
            self._reconnect = None
        if self._key_check is not None:
            self._key_check.cancel()
        self._unsubscribe()
        await self.device.close()
