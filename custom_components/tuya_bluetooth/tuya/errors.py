"""Exceptions raised by the Tuya BLE library.

Every exception derives from `TuyaBLEError` and carries, where one applies, the
Smart Life SDK error code (see `error_codes`), so the integration can report the
same numbers as the Smart Life app. Messages never contain key material: callers
pass only lengths, modes and command codes.
"""

from __future__ import annotations

from typing import ClassVar

from .error_codes import describe


class TuyaBLEError(Exception):
    """Base class of every error raised by this library."""

    default_code: ClassVar[int | None] = None

    def __init__(self, message: str = "", *, code: int | None = None) -> None:
        self.code: int | None = self.default_code if code is None else code
        if not message and self.code is not None:
            message = describe(self.code)
        super().__init__(message)


# --- Malformed data from the peer (or arbitrary bytes fed to a parser) -------------


class ProtocolError(TuyaBLEError):
    """Bytes received from the device do not follow the protocol."""


class FramingError(ProtocolError):
    """A sub-packet could not be reassembled into a frame."""


class EnvelopeError(ProtocolError):
    """The security envelope is malformed or cannot be decrypted."""


class FrameError(ProtocolError):
    """The inner frame (sn, ack_sn, cmd, len, data, CRC) is malformed."""


class CrcError(FrameError):
    """The inner frame's CRC16 does not match (wrong key or corrupted bytes)."""


class DataPointError(ProtocolError):
    """A DP list cannot be decoded."""


class PayloadError(ProtocolError):
    """A command payload is malformed."""


# --- Invalid input from the caller -------------------------------------------------


class InvalidArgumentError(TuyaBLEError, ValueError):
    """A value passed to an encoder is out of range or of the wrong shape."""

    default_code = 407


class MissingKeyError(TuyaBLEError):
    """The key material a security mode needs is not available."""

    default_code = 109


# --- Connection and session --------------------------------------------------------


class ConnectError(TuyaBLEError):
    """Establishing the Bluetooth connection failed."""

    default_code = 101


class DeviceNotFoundError(ConnectError):
    """The device is not reachable by any adapter or proxy."""

    default_code = 121


class OutOfConnectionSlotsError(ConnectError):
    """Every adapter or proxy that can reach the device has all its slots in use."""


class ConnectTimeoutError(ConnectError, TimeoutError):
    """Connecting and pairing did not finish within the connect deadline."""


class GattServiceMissingError(ConnectError):
    """The device's GATT table lacks the Tuya service (it may have changed)."""

    default_code = 103


class NotifyError(ConnectError):
    """Subscribing to the notify characteristic failed."""

    default_code = 125


class WriteError(TuyaBLEError):
    """A GATT write failed; the frame may not have reached the device."""

    default_code = 124


class ConnectionClosedError(TuyaBLEError):
    """The connection closed (or was closed) while a request was outstanding."""

    default_code = 114


class AnswerLostError(ConnectionClosedError):
    """The request went out, then the link closed before its answer came.

    The device may have acted on it: such a request ended neither applied nor
    refused (unlike a plain ConnectionClosedError, raised before sending).
    """


class ResponseTimeoutError(TuyaBLEError, TimeoutError):
    """The device did not answer a request in time."""

    default_code = 106


class KeyRejectedError(TuyaBLEError):
    """The device ignored frames encrypted with our key: the key is wrong.

    A Tuya device silently drops frames it cannot decrypt, so a wrong local_key
    (or auth_key) shows up only as a missing device-info answer on a healthy link.
    """

    default_code = 109


class DeviceInfoError(TuyaBLEError):
    """The device-info exchange failed or its answer is unusable."""

    default_code = 104


class RegisterKeyMismatchError(DeviceInfoError):
    """The device's register key does not prove it holds our auth_key."""


class PairError(TuyaBLEError):
    """The device refused the pair request."""

    default_code = 105


class CommandRejectedError(TuyaBLEError):
    """The device answered a command with a failure status."""

    default_code = 124


class DeviceBusyError(TuyaBLEError):
    """The device cannot be controlled while a firmware update runs."""

    default_code = 600


# --- Firmware update ---------------------------------------------------------------


class OtaError(TuyaBLEError):
    """The firmware update failed."""

    default_code = 117


class OtaRefusedError(OtaError):
    """The device refused to start the update or answered it unexpectedly."""

    default_code = 200


class OtaFileRejectedError(OtaError):
    """The device rejected the firmware file information."""

    default_code = 201


class OtaOffsetError(OtaError):
    """The device reported an impossible resume offset."""

    default_code = 202


class OtaPacketError(OtaError):
    """The device did not accept a firmware data packet."""

    default_code = 203


class OtaSendError(OtaError):
    """Sending firmware data failed on our side."""

    default_code = 204


class OtaFailedError(OtaError):
    """The device reported failure at the end of the update."""

    default_code = 205


class OtaTimeoutError(OtaError, TimeoutError):
    """The device did not answer an update command in time."""

    default_code = 206
