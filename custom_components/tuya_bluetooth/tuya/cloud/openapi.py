"""Tuya IoT OpenAPI client: every endpoint of docs/cloud.md §3.4.

Built on `OpenApiSession` (signing, tokens, one retry). Device registration
endpoints belong to Tuya's industry API set: a smart-home project is usually
refused with PermissionDeniedError (1106), which the caller should explain.
Request/answer field names of the registration and activation calls are not
confirmed against a live account (uncertain).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
import hashlib
from typing import Any

from . import parse
from .dp_model import DeviceDpModel
from .dp_parse import dp_model_from_thing_model
from .errors import CloudResponseError, PairingTimeoutError
from .http import path_part
from .models import (
    ActivatedDevice,
    BleAuthKey,
    CloudDevice,
    FactoryInfo,
    FirmwareInfo,
    Home,
    PairingResult,
    PairingToken,
)
from .openapi_session import OpenApiSession
from .specs import Specifications, parse_specifications
from .tokens import TokenInfo

_REGISTRATION = "/v1.0/iot-03/device-registration/single-bluetooth"


def _mac_digits(mac: str) -> str:
    return "".join(c for c in mac if c not in ":-").upper()


class OpenApiClient(OpenApiSession):
    """A developer project's view of Tuya's cloud."""

    # ---- accounts and homes ------------------------------------------------------

    async def login_app_account(
        self, *, username: str, password: str, country_code: str, schema: str
    ) -> TokenInfo:
        """Legacy: sign in with a linked app account; its token becomes current."""
        return await self._login(
            {
                "username": username,
                "password": hashlib.md5(
                    password.encode(), usedforsecurity=False
                ).hexdigest(),
                "country_code": country_code,
                "schema": schema,
            }
        )

    async def get_user_homes(self, uid: str) -> list[Home]:
        """Homes of an app user (uid as shown for the linked app account)."""
        operation = "list homes"
        result = await self.request(
            "GET", f"/v1.0/users/{path_part(uid)}/homes", operation
        )
        return [parse.home(h) for h in parse.as_list(result, operation)]

    async def get_user_devices(self, uid: str) -> list[CloudDevice]:
        """Devices of an app user, with local keys."""
        operation = "list devices"
        result = await self.request(
            "GET", f"/v1.0/users/{path_part(uid)}/devices", operation
        )
        return [parse.device(d) for d in parse.as_list(result, operation)]

    # ---- devices -----------------------------------------------------------------

    async def get_device(self, device_id: str) -> CloudDevice:
        """One device's details, including its local key."""
        operation = "device details"
        result = await self.request(
            "GET", f"/v1.0/devices/{path_part(device_id)}", operation
        )
        return parse.device(parse.as_object(result, operation))

    async def get_thing(self, device_id: str) -> CloudDevice:
        """One device's details from the thing API (v2.0), including its key.

        Reportedly the key a Bluetooth device pairs with is the one this API
        family returns; the v1.0 detail's may differ (docs/cloud.md §9).
        """
        operation = "thing details"
        result = await self.request(
            "GET", f"/v2.0/cloud/thing/{path_part(device_id)}", operation
        )
        return parse.device(parse.as_object(result, operation))

    async def get_factory_infos(self, device_ids: Sequence[str]) -> list[FactoryInfo]:
        """uuid, serial number and MAC of the given devices."""
        operation = "factory infos"
        result = await self.request(
            "GET",
            "/v1.0/devices/factory-infos",
            operation,
            query={"device_ids": ",".join(path_part(d) for d in device_ids)},
        )
        return [parse.factory_info(f) for f in parse.as_list(result, operation)]

    async def get_specifications(self, device_id: str) -> Specifications:
        """Functions and status of a device by DP code."""
        result = await self.request(
            "GET",
            f"/v1.1/devices/{path_part(device_id)}/specifications",
            "device specifications",
        )
        return parse_specifications(result)

    async def get_thing_model(self, device_id: str) -> DeviceDpModel:
        """The normalised DP model from the device's thing model."""
        operation = "thing model"
        result = await self.request(
            "GET", f"/v2.0/cloud/thing/{path_part(device_id)}/model", operation
        )
        model = parse.as_object(result, operation).get("model")
        if not isinstance(model, str | Mapping):
            raise CloudResponseError("The answer lacks 'model'", operation=operation)
        return dp_model_from_thing_model(model)

    async def get_firmware(self, device_id: str) -> list[FirmwareInfo]:
        """Firmware per channel: running version, offered version, file."""
        operation = "firmware info"
        result = await self.request(
            "GET", f"/v2.0/cloud/thing/{path_part(device_id)}/firmware", operation
        )
        return [parse.firmware(f) for f in parse.as_list(result, operation)]

    async def remove_device(self, device_id: str) -> None:
        """Remove (unbind) a device from the cloud account."""
        await self.request(
            "DELETE", f"/v1.0/devices/{path_part(device_id)}", "remove device"
        )

    # ---- pairing (combo devices) -------------------------------------------------

    async def create_pairing_token(
        self,
        *,
        uid: str,
        time_zone_id: str,
        home_id: str | None = None,
        pairing_type: str = "BLE",
        uuid: str | None = None,
    ) -> PairingToken:
        """A pairing token for a device to activate itself with."""
        operation = "create pairing token"
        body: dict[str, Any] = {
            "paring_type": pairing_type,  # sic: Tuya's spelling
            "uid": uid,
            "time_zone_id": time_zone_id,
        }
        if home_id is not None:
            body["home_id"] = home_id
        if uuid is not None:
            body["extension"] = {"uuid": uuid}
        result = await self.request(
            "POST", "/v1.0/device/paring/token", operation, body=body
        )
        return parse.pairing_token(parse.as_object(result, operation))

    async def get_pairing_result(self, token: PairingToken | str) -> PairingResult:
        """Devices that activated (or failed) with this token so far."""
        operation = "pairing result"
        value = token.token if isinstance(token, PairingToken) else token
        result = await self.request(
            "GET", f"/v1.0/device/paring/tokens/{path_part(value)}", operation
        )
        return parse.pairing_result(parse.as_object(result, operation))

    async def wait_for_pairing(
        self,
        token: PairingToken | str,
        *,
        interval: float = 2.0,
        max_wait: float = 120.0,
    ) -> PairingResult:
        """Poll until a device reports success or failure, or `max_wait` s pass."""
        deadline = self._now_ms() + int(max_wait * 1000)
        while True:
            result = await self.get_pairing_result(token)
            if result.success_devices or result.error_devices:
                return result
            if self._now_ms() >= deadline:
                raise PairingTimeoutError(
                    "No device activated with the pairing token in time",
                    operation="pairing result",
                )
            await self._sleep(interval)

    # ---- BLE device registration (industry API set) ------------------------------

    async def get_ble_auth_key(
        self, *, uuid: str, asset_id: str | None = None
    ) -> BleAuthKey:
        """Step 1: the cloud's auth_key (and random) for an unbound device."""
        operation = "registration auth-key"
        body: dict[str, Any] = {"uuid": uuid}
        if asset_id is not None:
            body["asset_id"] = asset_id
        result = await self.request(
            "POST", f"{_REGISTRATION}/auth-key", operation, body=body
        )
        return parse.ble_auth_key(parse.as_object(result, operation), uuid)

    async def register_ble_device(
        self,
        *,
        uuid: str,
        auth_key: str,
        mac: str,
        product_id: str,
        pv: str,
        asset_id: str | None = None,
    ) -> bool:
        """Step 2: register the device (after checking its register key over BLE)."""
        body: dict[str, Any] = {
            "uuid": uuid,
            "auth_key": auth_key,
            "mac": _mac_digits(mac),
            "product_id": product_id,
            "pv": pv,
        }
        if asset_id is not None:
            body["asset_id"] = asset_id
        result = await self.request(
            "POST", f"{_REGISTRATION}/actions/register", "register device", body=body
        )
        return result is not False

    async def activate_ble_device(
        self,
        *,
        uuid: str,
        auth_key: str,
        uid: str,
        time_zone_id: str,
        versions: Mapping[str, str],
        asset_id: str | None = None,
    ) -> ActivatedDevice:
        """Step 3: activate; returns the device id and local_key to pair with."""
        operation = "activate device"
        body: dict[str, Any] = {
            "uuid": uuid,
            "auth_key": auth_key,
            "uid": uid,
            "time_zone_id": time_zone_id,
            "versions": dict(versions),
        }
        if asset_id is not None:
            body["asset_id"] = asset_id
        result = await self.request(
            "POST", f"{_REGISTRATION}/actions/active", operation, body=body
        )
        return parse.activated_device(parse.as_object(result, operation), uuid)
