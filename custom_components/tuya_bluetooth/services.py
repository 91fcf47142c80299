"""Actions: write a raw DP (`send_dp`) and read every DP (`query_dps`)."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import config_validation as cv, device_registry as dr
import probatio

from .const import DOMAIN
from .models import TuyaBluetoothConfigEntry
from .tuya.command_queue import CommandOutcome, CommandResult
from .tuya.dp_convert import DpValueError, datapoint_for, value_for_humans
from .tuya.errors import TuyaBLEError

SERVICE_SEND_DP = "send_dp"
SERVICE_QUERY_DPS = "query_dps"
ATTR_DP_ID = "dp_id"
ATTR_VALUE = "value"

SEND_DP_SCHEMA = probatio.Schema(
    {
        probatio.Required(ATTR_DEVICE_ID): cv.string,
        probatio.Required(ATTR_DP_ID): probatio.All(
            probatio.Coerce(int), probatio.Range(min=1, max=255)
        ),
        probatio.Required(ATTR_VALUE): cv.match_all,
    }
)
QUERY_DPS_SCHEMA = probatio.Schema({probatio.Required(ATTR_DEVICE_ID): cv.string})


def _entry_for(hass: HomeAssistant, device_id: str) -> TuyaBluetoothConfigEntry:
    device = dr.async_get(hass).async_get(device_id)
    if device is not None and device.config_entry_id is not None:
        entry = hass.config_entries.async_get_entry(device.config_entry_id)
        if entry is not None and entry.domain == DOMAIN:
            if entry.state is not ConfigEntryState.LOADED:
                raise ServiceValidationError(
                    translation_domain=DOMAIN,
                    translation_key="entry_not_loaded",
                    translation_placeholders={"name": entry.title},
                )
            loaded: TuyaBluetoothConfigEntry = entry
            return loaded
    raise ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="unknown_device",
        translation_placeholders={"device_id": device_id},
    )


def raise_for_result(result: CommandResult, name: str) -> None:
    """Turn a command that did not end acknowledged into a translated error."""
    if result.outcome is CommandOutcome.ACKNOWLEDGED:
        return
    code = "" if result.error is None else str(result.error.code or "")
    detail = "" if result.error is None else str(result.error)
    raise HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key=(
            "command_uncertain"
            if result.outcome is CommandOutcome.UNCERTAIN
            else "command_failed"
        ),
        translation_placeholders={"name": name, "code": code, "detail": detail},
    )


async def _send_dp(call: ServiceCall) -> None:
    entry = _entry_for(call.hass, call.data[ATTR_DEVICE_ID])
    data = entry.runtime_data
    dp_id: int = call.data[ATTR_DP_ID]
    model = data.dp_model.by_id(dp_id)
    if model is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="unknown_dp",
            translation_placeholders={"dp_id": str(dp_id), "name": data.title},
        )
    try:
        datapoint = datapoint_for(model, call.data[ATTR_VALUE])
    except DpValueError as err:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key=f"dp_value_{err.reason}",
            translation_placeholders={
                "dp_id": str(dp_id),
                "value": str(call.data[ATTR_VALUE]),
            },
        ) from err
    result = await data.coordinator.async_write_dps([datapoint])
    raise_for_result(result, data.title)


async def _query_dps(call: ServiceCall) -> ServiceResponse:
    entry = _entry_for(call.hass, call.data[ATTR_DEVICE_ID])
    data = entry.runtime_data
    try:
        values = await data.coordinator.device.query_dps()
    except TuyaBLEError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="query_failed",
            translation_placeholders={
                "name": data.title,
                "code": str(err.code or ""),
                "detail": str(err),
            },
        ) from err
    dps: dict[str, Any] = {
        str(dp_id): value_for_humans(data.dp_model.by_id(dp_id), dp)
        for dp_id, dp in sorted(values.items())
    }
    return {"dps": dps}


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the actions (from async_setup, so they exist without entries)."""
    hass.services.async_register(
        DOMAIN, SERVICE_SEND_DP, _send_dp, schema=SEND_DP_SCHEMA
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_QUERY_DPS,
        _query_dps,
        schema=QUERY_DPS_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
