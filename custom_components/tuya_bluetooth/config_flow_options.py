"""Options of a device entry: how its Bluetooth connection is held."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlowResult, OptionsFlowWithReload
from homeassistant.helpers import selector
import probatio

from .const import (
    CONF_CATEGORY,
    CONF_CONNECTION_POLICY,
    CONF_IDLE_TIMEOUT,
    DEFAULT_IDLE_TIMEOUT,
    ConnectionPolicy,
    default_policy,
)


class OptionsFlowHandler(OptionsFlowWithReload):
    """Always connected, or on demand with an idle timeout."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """One form: the policy and the idle timeout."""
        if user_input is not None:
            return self.async_create_entry(data=user_input)
        entry = self.config_entry
        current = {
            CONF_CONNECTION_POLICY: entry.options.get(
                CONF_CONNECTION_POLICY,
                default_policy(entry.data.get(CONF_CATEGORY)).value,
            ),
            CONF_IDLE_TIMEOUT: entry.options.get(
                CONF_IDLE_TIMEOUT, DEFAULT_IDLE_TIMEOUT
            ),
        }
        schema = probatio.Schema(
            {
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
        )
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(schema, current),
        )
