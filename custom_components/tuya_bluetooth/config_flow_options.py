"""Options of a device entry: its Bluetooth connection, and its category.

The category is offered only for devices set up with typed keys, whose DP
model comes from what they reported: naming the category gives their usual DP
ids the catalog's entities (`reported_codes.py`). A device from a linked
account has the cloud's category and model, which stay authoritative: its form
has no category field and a category left in its options is ignored.
"""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlowResult,
    OptionsFlowWithReload,
)
from homeassistant.helpers import selector
import probatio

from .catalog import CATALOG
from .const import (
    CONF_CATEGORY,
    CONF_CONNECTION_POLICY,
    CONF_DP_MODEL,
    CONF_IDLE_TIMEOUT,
    DEFAULT_IDLE_TIMEOUT,
    ConnectionPolicy,
    default_policy,
)
from .reported_codes import (
    UNKNOWN_CATEGORY,
    is_from_reports,
)
from .tuya.cloud.dp_model import DeviceDpModel


class OptionsFlowHandler(OptionsFlowWithReload):
    """Always connected or on demand; and, without a cloud model, the category."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """One form: the policy, the idle timeout, perhaps the category."""
        entry = self.config_entry
        model = _stored_model(entry)
        offer_category = is_from_reports(model)
        if user_input is not None:
            options = dict(user_input)
            kept = entry.options.get(CONF_CATEGORY)
            if offer_category and kept is not None:
                options.setdefault(CONF_CATEGORY, kept)  # left out: as it was
            return self.async_create_entry(data=options)
        current: dict[str, Any] = {
            CONF_CONNECTION_POLICY: entry.options.get(
                CONF_CONNECTION_POLICY,
                default_policy(entry.data.get(CONF_CATEGORY)).value,
            ),
            CONF_IDLE_TIMEOUT: entry.options.get(
                CONF_IDLE_TIMEOUT, DEFAULT_IDLE_TIMEOUT
            ),
        }
        fields: dict[Any, Any] = {
            probatio.Required(CONF_CONNECTION_POLICY): selector.SelectSelector(
                selector.SelectSelectorConfig(
                    options=[policy.value for policy in ConnectionPolicy],
                    translation_key=CONF_CONNECTION_POLICY,
                )
            ),
            probatio.Required(CONF_IDLE_TIMEOUT): selector.NumberSelector(
                selector.NumberSelectorConfig(
                    min=5,
                    max=600,
                    step=1,
                    unit_of_measurement="s",
                    mode=selector.NumberSelectorMode.BOX,
                )
            ),
        }
        if offer_category:
            current[CONF_CATEGORY] = entry.options.get(
                CONF_CATEGORY, entry.data.get(CONF_CATEGORY) or UNKNOWN_CATEGORY
            )
            fields[probatio.Optional(CONF_CATEGORY)] = _category_selector()
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(
                probatio.Schema(fields), current
            ),
        )


def _category_selector() -> selector.SelectSelector:
    """The choice of category: "unknown" first, then the catalog's by name.

    Only "unknown" is translated (selector.category.options); a category is
    shown as Tuya names it, with its code, which diagnostics show too.
    """
    categories = sorted(CATALOG.values(), key=lambda entry: entry.name.casefold())
    return selector.SelectSelector(
        selector.SelectSelectorConfig(
            options=[
                selector.SelectOptionDict(
                    value=UNKNOWN_CATEGORY, label=UNKNOWN_CATEGORY
                ),
                *(
                    selector.SelectOptionDict(
                        value=entry.category, label=f"{entry.name} ({entry.category})"
                    )
                    for entry in categories
                ),
            ],
            translation_key=CONF_CATEGORY,
            mode=selector.SelectSelectorMode.DROPDOWN,
        )
    )


def _stored_model(entry: ConfigEntry) -> DeviceDpModel:
    # Every device entry has a model (entries of 1.1 gained one in migration).
    return DeviceDpModel.from_dict(entry.data[CONF_DP_MODEL])
