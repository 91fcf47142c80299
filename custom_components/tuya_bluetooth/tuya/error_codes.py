"""The Smart Life app SDK's Bluetooth error codes, as data.

Codes and meanings follow the SDK's published table (codes 1-601); the wording is
our own. Exceptions in `errors` carry these codes so the integration can show the
same numbers a user would see in the Smart Life app.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

ERROR_CODES: Final[Mapping[int, str]] = MappingProxyType(
    {
        # Reported by the device while it joins a Wi-Fi network (combo devices).
        1: "The device received a malformed packet",
        2: "The device could not find the Wi-Fi router",
        3: "The Wi-Fi password was rejected",
        4: "The device could not connect to the Wi-Fi router",
        5: "The device did not obtain an IP address over DHCP",
        6: "The device could not reach the cloud",
        # Bluetooth pairing and connection.
        100: "The user cancelled pairing",
        101: "Connecting to the device over Bluetooth failed",
        102: "Scanning for Bluetooth devices failed",
        103: "Opening the Bluetooth channel failed",
        104: "Reading the device information over Bluetooth failed",
        105: "Pairing with the device over Bluetooth failed",
        106: "Pairing took too long",
        107: "Sending the Wi-Fi credentials failed",
        108: "The pairing token has expired",
        109: "The encryption key for the Bluetooth connection could not be obtained or was rejected",
        110: "No such device",
        111: "Registering the device in the cloud failed",
        112: "Activating the device in the cloud failed",
        113: "The device is already bound to a cloud account",
        114: "The connection was closed",
        115: "Reading the device information from the cloud failed",
        116: "The device is being paired by another method",
        117: "The firmware update failed",
        118: "The firmware update took too long",
        119: "The Wi-Fi pairing parameters are invalid",
        120: "Sending the key information failed",
        121: "The device to connect to could not be found",
        122: "No Bluetooth device was found",
        123: "A guest account cannot bind devices permanently",
        124: "A generic Bluetooth error occurred",
        125: "Subscribing to notifications failed",
        126: "The device failed during hardware-backed encryption",
        127: "The cloud failed during hardware-backed encryption",
        128: "The Wi-Fi password is missing for this combo device",
        129: "The pairing token could not be obtained",
        130: "A pairing parameter is invalid",
        131: "Reading the device's Wi-Fi information failed",
        132: "The plug-and-play pairing request failed",
        133: "Sending the activation information to the device failed",
        134: "The device did not come online in the cloud in time",
        135: "Reading the device information took too long",
        136: "The pairing command took too long",
        137: "Reading the Wi-Fi information took too long",
        138: "Sending the activation information took too long",
        139: "Reading the device information from the cloud during activation failed",
        140: "Not allowed to read the binding status",
        141: "The PSK 3.0 certificate could not be fetched",
        142: "Sending Wi-Fi commands to the PSK 3.0 combo device failed",
        143: "The cloud rejected the PSK 3.0 plug-and-play activation",
        # Firmware update (OTA).
        200: "The device refused or mishandled the firmware update command",
        201: "The device rejected the firmware file",
        202: "The firmware update offset is invalid",
        203: "The device did not accept a firmware packet",
        204: "Sending the firmware failed",
        205: "The device reported that the firmware update failed",
        206: "The firmware update timed out",
        207: "Transferring bulk data failed",
        # Transport and Zigbee combo pairing.
        300: "A transport (MTP) error occurred while sending Bluetooth packets",
        301: "Sending the plug-and-play product information to the device failed",
        400: "The gateway does not support Zigbee combo pairing",
        401: "Receiving the Zigbee sub-device information failed",
        402: "Receiving the Zigbee sub-device command failed",
        403: "The Zigbee gateway reported a pairing error",
        404: "The Zigbee gateway could not parse the data",
        405: "Sending the gateway information failed during Zigbee combo pairing",
        406: "The device reported invalid gateway information during Zigbee combo pairing",
        407: "Invalid parameters",
        # Control.
        600: "The device cannot be controlled while it updates its firmware",
        601: "The device cannot be controlled because it is offline",
    }
)


def describe(code: int) -> str:
    """Return the description of an SDK error code, or a generic text if unknown."""
    return ERROR_CODES.get(code, f"Unknown error code {code}")
