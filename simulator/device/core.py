"""The emulator's core: unit state, the link, the receive pipeline and sending.

Receive pipeline, in the device SDK's order (docs/protocol.md §3, §4, §5, §11):
write cut to the build maximum → reassembly → decryption (frames < 17 bytes,
undecryptable or refused modes dropped) → CRC → *then* the sn check (sn ≤ last
drops the link) → pre-pair whitelist / OTA gate (silently dropped) → handler.

Command handlers live in mixins (`bind`, `datapoints`, `ota`); `DeviceEmulator`
in `emulator.py` puts them together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
import logging
from typing import TYPE_CHECKING

from simulator.ble.peripheral import TUYA_GATT_V3, TUYA_GATT_V4, Central, GattProfile
from simulator.products import DeviceIdentity, DpValue, Product, parse_version

from .crypto import MODE_LOGIN, MODE_NONE, MODE_SESSION, DeviceKeys, open_frame, seal
from .frame import decode_inner, encode_inner
from .ota_storage import OtaFlash
from .state import (
    DropReason,
    EmulatorOptions,
    ReceivedCommand,
    SentFrame,
    TimeSync,
    WifiCredentials,
)
from .transport import Reassembler, split_frame

if TYPE_CHECKING:
    from .clock import Cancellable, Scheduler

_LOGGER = logging.getLogger(__name__)

# What an unpaired connection may send; everything else is ignored
# (docs/protocol.md §5.4).
PRE_PAIR_COMMANDS = frozenset(
    {0x0000, 0x0001, 0x0004, 0x0012, 0x0014, 0x0015, 0x0016, 0x0017, 0x0021}
)
OTA_COMMANDS = frozenset(range(0x000C, 0x0011))


@dataclass(frozen=True, slots=True)
class Request:
    """A decoded, accepted incoming frame."""

    sn: int
    ack_sn: int
    cmd: int
    data: bytes
    mode: int


type Handler = Callable[[Request], str]
type Listener = Callable[[], None]


class EmulatorCore:
    """State and plumbing shared by the command mixins."""

    def __init__(
        self,
        identity: DeviceIdentity,
        scheduler: Scheduler,
        options: EmulatorOptions | None = None,
    ) -> None:
        """A factory-fresh (unbound) unit; see `DeviceEmulator.bind_to_cloud`."""
        self.identity = identity
        self.product: Product = identity.product
        self.scheduler = scheduler
        self.options = options or EmulatorOptions()
        major = self.product.protocol_version
        self._keys = DeviceKeys(
            auth_key=identity.auth_key.encode("ascii"),
            uuid=identity.uuid.encode("ascii"),
            protocol_major=major,
        )
        self._bound = False
        self.virtual_id = bytes(22)
        self.dp_values: dict[int, DpValue] = self.product.default_values()
        self.firmware_version = parse_version(self.product.firmware_version)
        self.flash = OtaFlash(
            self.product.product_id,
            self.firmware_version,
            resume=self.options.ota_resume,
            max_packet=self.options.ota_max_packet,
        )
        self.in_range = True
        # Inspectable history.
        self.received: list[ReceivedCommand] = []
        self.sent: list[SentFrame] = []
        self.drops: list[DropReason] = []  # every end of a link, with its reason
        self.dropped_frames = 0  # failed decryption or CRC
        # What the hub sent that the device SDK would misread (tests assert on it).
        self.protocol_errors: list[str] = []
        self.connections = 0
        self.reboots = 0
        self.time_sync: TimeSync | None = None
        self.wifi_credentials: list[WifiCredentials] = []
        self._listeners: list[Listener] = []
        self._handlers: dict[int, Handler] = {}
        # Per-connection state.
        self._central: Central | None = None
        self._reassembler = Reassembler(
            max_write=self.options.max_write_size,
            max_frame=1536 if major >= 4 else 1024,
        )
        self._last_rx_sn = 0
        self._tx_sn = 1
        self._seq = 0
        self._paired = False
        self._notify_size = 20
        self._ota_active = False
        self._deadline: Cancellable | None = None

    # ---- what the advertisement generator and tests read -------------------

    @property
    def uuid(self) -> str:
        """The unit's 16-character uuid."""
        return self.identity.uuid

    @property
    def product_id(self) -> str:
        """Product id (8 characters)."""
        return self.product.product_id

    @property
    def protocol_version(self) -> int:
        """Protocol major version, 3 or 4."""
        return self.product.protocol_version

    @property
    def bound(self) -> bool:
        """Whether the unit is bound to an account."""
        return self._bound

    @property
    def login_key(self) -> bytes | None:
        """The stored 6-byte login key while bound (adverts need it), else None."""
        return self._keys.login_key if self._bound else None

    @property
    def login_key_set(self) -> bool:
        """Whether a non-zero login key is stored."""
        return self._keys.login_key != bytes(6)

    @property
    def mac(self) -> str:
        """Bluetooth address, "AA:BB:CC:DD:EE:FF"."""
        return self.identity.mac

    @property
    def communication_ability(self) -> int:
        """Ability bits of the scan response and device info."""
        return self.product.communication_ability

    @property
    def security_type(self) -> int:
        """Secure-connection type (docs/protocol.md §8)."""
        return self.product.security_type

    @property
    def shared(self) -> bool:
        """Shared-device flag of the advertisement (never set by this emulator)."""
        return False

    @property
    def connected(self) -> bool:
        """Whether a central is connected."""
        return self._central is not None

    @property
    def paired(self) -> bool:
        """Whether the current connection completed pairing."""
        return self._paired

    @property
    def link_drops(self) -> int:
        """How many times the device itself dropped the link."""
        return sum(1 for reason in self.drops if reason is not DropReason.CENTRAL)

    @property
    def notify_size(self) -> int:
        """Size of the notify sub-packets on this connection."""
        return self._notify_size

    def as_dict(self) -> dict[str, object]:
        """JSON-safe summary, no secrets.

        Home Assistant stores remote scanners' device details as JSON (its
        encoder calls `as_dict`), and the emulator travels in those details.
        """
        return {
            "address": self.address,
            "uuid": self.uuid,
            "product_id": self.product_id,
        }

    def add_listener(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` whenever what the unit advertises changes; returns remover."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _advertising_changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    # ---- Peripheral interface (simulator.ble.peripheral) -------------------

    @property
    def address(self) -> str:
        """Bluetooth address (the link's name for it)."""
        return self.identity.mac

    @property
    def name(self) -> str:
        """Advertised local name."""
        return "TY"

    @property
    def gatt_profile(self) -> GattProfile:
        """GATT layout of this generation (docs/protocol.md §2)."""
        return TUYA_GATT_V4 if self.protocol_version >= 4 else TUYA_GATT_V3

    @property
    def connectable(self) -> bool:
        """In range and not already connected (one central at a time)."""
        return self.in_range and self._central is None

    def on_connect(self, central: Central) -> None:
        """A central connected: fresh sn counters, zero srand, pairing deadline."""
        self._central = central
        self.connections += 1
        self._reassembler.reset()
        self._reassembler.max_write = self.options.max_write_size
        self._keys.srand = bytes(6)
        self._last_rx_sn, self._tx_sn, self._seq = 0, 1, 0
        self._paired = False
        self._ota_active = False
        self._notify_size = 20
        self._deadline = self.scheduler.call_later(
            self.options.pairing_timeout, self._pairing_deadline
        )

    def on_disconnect(self) -> None:
        """The central went away."""
        if self._central is not None:
            self._end_link(DropReason.CENTRAL)

    def on_write(self, data: bytes) -> None:
        """One GATT write: reassemble, decrypt, check, dispatch."""
        if self._central is None:
            return
        frame = self._reassembler.feed(data)
        if frame is None:
            return
        if frame[:1] == bytes([MODE_NONE]) and self._bound:
            self.dropped_frames += 1  # plaintext refused once bound
            return
        opened = open_frame(self._keys, frame)
        inner = decode_inner(opened[1]) if opened else None
        if opened is None or inner is None:
            self.dropped_frames += 1
            return
        if inner.sn <= self._last_rx_sn:
            self._drop_link(DropReason.SN)
            return
        self._last_rx_sn = inner.sn
        request = Request(inner.sn, inner.ack_sn, inner.cmd, inner.data, opened[0])
        outcome = self._dispatch(request)
        self.received.append(
            ReceivedCommand(
                request.cmd,
                request.sn,
                request.ack_sn,
                request.mode,
                request.data,
                outcome,
            )
        )
        _LOGGER.debug(
            "%s: cmd 0x%04x sn %d: %s", self.uuid, request.cmd, request.sn, outcome
        )

    def _dispatch(self, request: Request) -> str:
        if not self._paired and request.cmd not in PRE_PAIR_COMMANDS:
            return "ignored: not paired"
        if (
            self.options.ota_gate
            and self._ota_active
            and request.cmd not in OTA_COMMANDS
        ):
            return "ignored: OTA in progress"
        handler = self._handlers.get(request.cmd)
        if handler is None:
            return "ignored: not handled"
        return handler(request)

    def _protocol_error(self, message: str) -> None:
        _LOGGER.debug("%s: protocol error: %s", self.uuid, message)
        self.protocol_errors.append(message)

    # ---- link control ------------------------------------------------------

    def _pairing_deadline(self) -> None:
        self._deadline = None
        if self._central is not None and not self._paired:
            self._drop_link(DropReason.PAIR_TIMEOUT)

    def _drop_link(self, reason: DropReason) -> None:
        central = self._central
        self._end_link(reason)
        if central is not None:
            central.disconnect()

    def _end_link(self, reason: DropReason) -> None:
        self.drops.append(reason)
        self._central = None
        self._paired = False
        self._ota_active = False
        self._keys.srand = bytes(6)
        self._reassembler.reset()
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _pair_done(self) -> None:
        self._paired = True
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    # ---- sending -----------------------------------------------------------

    @property
    def _srand_valid(self) -> bool:
        return self._keys.srand != bytes(6)

    def _default_mode(self) -> int:
        # Device-originated frames: mode 5 once srand is valid, else mode 4
        # (docs/protocol.md §11.1).
        return MODE_SESSION if self._srand_valid else MODE_LOGIN

    def _send(
        self, cmd: int, data: bytes, *, ack_sn: int = 0, mode: int | None = None
    ) -> int | None:
        """Encrypt, split and notify one frame; returns its sn, None if not sent."""
        central = self._central
        if central is None:
            return None
        mode = self._default_mode() if mode is None else mode
        sn = self._tx_sn
        frame = seal(
            self._keys,
            mode,
            encode_inner(sn, ack_sn, cmd, data),
            self.options.random_bytes(16),
        )
        if frame is None:
            return None
        self._tx_sn += 1
        # The seq nibble counts 0-15, then stays 0 (docs/protocol.md §11.8).
        seq = self._seq if self._seq <= 15 else 0
        self._seq += 1
        for packet in split_frame(frame, self.protocol_version, seq, self._notify_size):
            central.notify(packet)
        self.sent.append(SentFrame(cmd, sn, ack_sn, mode, data))
        return sn

    def _reply(
        self, request: Request, data: bytes, *, mode: int | None = None
    ) -> int | None:
        return self._send(request.cmd, data, ack_sn=request.sn, mode=mode)

    # ---- time --------------------------------------------------------------

    def device_time_ms(self) -> int:
        """The unit's idea of unix time in ms: synced time plus elapsed, else the host's."""
        sync = self.time_sync
        if sync is None:
            return int(self.options.unix_time() * 1000)
        elapsed = self.scheduler.time() - sync.received_at
        return sync.unix_ms + int(elapsed * 1000)
