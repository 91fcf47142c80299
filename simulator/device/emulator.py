"""`DeviceEmulator`: one simulated Tuya BLE unit, the device side of the protocol.

Usage (see also `simulator.factory.make_virtual_device`)::

    scheduler = ManualScheduler()            # or asyncio.get_running_loop()
    device = DeviceEmulator(identity, scheduler, bound=True)
    client = BleakClient(ble_device, backend=VirtualBleakClient)   # simulator.ble

The emulator is a `simulator.ble.peripheral.Peripheral`: the virtual link calls
`on_connect`, `on_write`, `on_disconnect`; everything the device sends goes out
through the link's `Central.notify`. It is as strict as docs/protocol.md §5 and §11:
frames it can't decrypt or whose CRC fails are dropped silently (before the sn
check), a non-increasing sn drops the link, only whitelisted commands pass
before pairing, pairing must finish within `options.pairing_timeout` seconds,
a v4 device-info request of the wrong length drops the link, writes are cut to
`options.max_write_size` bytes, and a repeated sub-packet corrupts the frame.

Inspectable state (never logged): `bound`, `login_key_set`, `virtual_id`,
`dp_values`, `firmware_version`, `received` (accepted frames with an outcome),
`sent`, `drops` / `link_drops`, `dropped_frames`, `dp_writes`, `report_replies`,
`protocol_errors` (what the hub sent that the device SDK would misread),
`time_sync`, `wifi_credentials`, `flash` (OTA storage), `reboots`.

Device-side actions: `set_dp(dp_id, value, fmt=...)`, `report(dp_ids, fmt=...,
dp_sn=...)`,
`power_off()`, `power_on()`, `bind_to_cloud()`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .bind import BindHandlers
from .datapoints import DatapointHandlers
from .ota import OtaHandlers
from .state import DropReason, EmulatorOptions

if TYPE_CHECKING:
    from simulator.products import DeviceIdentity

    from .clock import Scheduler


class DeviceEmulator(BindHandlers, DatapointHandlers, OtaHandlers):
    """A simulated Tuya BLE device (protocol 3 or 4, from its product)."""

    def __init__(
        self,
        identity: DeviceIdentity,
        scheduler: Scheduler,
        options: EmulatorOptions | None = None,
        *,
        bound: bool = False,
    ) -> None:
        """Create a unit; `bound=True` makes it bound with the identity's cloud keys."""
        super().__init__(identity, scheduler, options)
        self._register_bind_handlers()
        self._register_dp_handlers()
        self._register_ota_handlers()
        if bound:
            self.bind_to_cloud()

    def bind_to_cloud(self) -> None:
        """Put the unit in the state a completed first bind leaves it in.

        Stores the identity's login key (first 6 chars of local_key) and device id
        as virtual id, as if a hub had paired it before.
        """
        self._keys.login_key = self.identity.login_key
        self.virtual_id = self.identity.device_id.encode("ascii")[:22].ljust(
            22, b"\x00"
        )
        self._bound = True
        self._advertising_changed()

    def pair_again(self, local_key: str) -> None:
        """Removed and paired again in the app: the cloud issued a new local_key.

        Hubs that still pair with the old key get no answer (login key mismatch).
        """
        self._keys.login_key = local_key[:6].encode("ascii")

    def power_off(self) -> None:
        """Out of range / battery removed: drops any link, refuses connections."""
        self.in_range = False
        if self._central is not None:
            self._drop_link(DropReason.POWER_OFF)

    def power_on(self) -> None:
        """Back in range; a power cycle forgets service_rand (RAM)."""
        if not self.in_range:
            self._keys.service_rand = bytes(16)
        self.in_range = True
