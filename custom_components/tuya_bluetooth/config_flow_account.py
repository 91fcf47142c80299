"""Config flow steps that link a Tuya account: QR login or developer project.

Mixed into the integration's config flow class. A QR login asks for the app's
User Code, shows the login QR code, and on Submit checks once whether the app
confirmed it. A developer project is checked (token, linked app account) before
the entry exists. Reauthentication runs the same checks for the entry's account.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.config_entries import SOURCE_REAUTH, ConfigFlow, ConfigFlowResult
from homeassistant.helpers import selector
from homeassistant.helpers.aiohttp_client import async_get_clientsession
import probatio

from .account import async_check_project, openapi_client, project_data, qr_login_data
from .const import (
    CONF_ACCESS_ID,
    CONF_ACCESS_SECRET,
    CONF_APP_UID,
    CONF_AUTH,
    CONF_DATA_CENTER,
    CONF_USER_CODE,
    AccountAuth,
    cloud_base_url,
)
from .tuya.cloud import (
    CloudAuthError,
    CloudConnectionError,
    DataCenter,
    InvalidClientError,
    LoginResult,
    PermissionDeniedError,
    QrCode,
    QrLoginExpiredError,
    SharingLoginClient,
    TokenInfo,
    TuyaCloudError,
)

_TEXT = selector.TextSelector()
_PASSWORD = selector.TextSelector(
    selector.TextSelectorConfig(type=selector.TextSelectorType.PASSWORD)
)
USER_CODE_SCHEMA = probatio.Schema({probatio.Required(CONF_USER_CODE): _TEXT})
PROJECT_SCHEMA = probatio.Schema(
    {
        probatio.Required(CONF_ACCESS_ID): _TEXT,
        probatio.Required(CONF_ACCESS_SECRET): _PASSWORD,
        probatio.Required(CONF_DATA_CENTER): selector.SelectSelector(
            selector.SelectSelectorConfig(
                options=[center.value for center in DataCenter],
                translation_key=CONF_DATA_CENTER,
            )
        ),
        probatio.Required(CONF_APP_UID): _TEXT,
    }
)
SECRET_SCHEMA = probatio.Schema({probatio.Required(CONF_ACCESS_SECRET): _PASSWORD})


class AccountFlow(ConfigFlow):
    """The account steps of the integration's config flow."""

    _qr: QrCode | None = None

    # ---- QR login ----------------------------------------------------------------

    async def async_step_qr_login(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the User Code the Smart Life app shows."""
        errors: dict[str, str] = {}
        if user_input is not None:
            error = await self._new_qr_code(str(user_input[CONF_USER_CODE]).strip())
            if not error:
                return await self.async_step_qr_scan()
            errors["base"] = error
        return self.async_show_form(
            step_id="qr_login",
            data_schema=self.add_suggested_values_to_schema(
                USER_CODE_SCHEMA, user_input
            ),
            errors=errors,
        )

    async def async_step_qr_scan(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show the QR code; on Submit, see whether the app confirmed it."""
        assert self._qr is not None
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                login = await self._login_client().poll_login(self._qr)
            except QrLoginExpiredError:
                # A fresh code to scan; the old one cannot be confirmed anymore.
                errors["base"] = await self._new_qr_code(self._qr.user_code)
                errors["base"] = errors["base"] or "qr_expired"
            except CloudConnectionError:
                errors["base"] = "cloud_unreachable"
            except TuyaCloudError:
                errors["base"] = "login_failed"
            else:
                if login is not None:
                    return await self._async_finish_qr_login(login)
                errors["base"] = "login_pending"
        return self.async_show_form(
            step_id="qr_scan",
            data_schema=probatio.Schema(
                {
                    probatio.Optional("qr_code"): selector.QrCodeSelector(
                        selector.QrCodeSelectorConfig(
                            data=self._qr.qr_text,
                            scale=5,
                            error_correction_level=selector.QrErrorCorrectionLevel.QUARTILE,
                        )
                    )
                }
            ),
            errors=errors,
        )

    def _login_client(self) -> SharingLoginClient:
        return SharingLoginClient(
            async_get_clientsession(self.hass), base_url=cloud_base_url()
        )

    async def _new_qr_code(self, user_code: str) -> str:
        """Request a QR code for this User Code; the error key, or ''."""
        try:
            self._qr = await self._login_client().request_qr_code(user_code)
        except CloudConnectionError:
            return "cloud_unreachable"
        except TuyaCloudError:
            return "invalid_user_code"
        return ""

    async def _async_finish_qr_login(self, login: LoginResult) -> ConfigFlowResult:
        uid = login.token.uid
        await self.async_set_unique_id(uid, raise_on_progress=False)
        if self.source == SOURCE_REAUTH:
            self._abort_if_unique_id_mismatch(reason="wrong_account")
            return self.async_update_reload_and_abort(
                self._get_reauth_entry(), data=qr_login_data(login)
            )
        self._abort_if_unique_id_configured()
        return self.async_create_entry(
            title=login.username or uid, data=qr_login_data(login)
        )

    # ---- developer project -------------------------------------------------------

    async def async_step_project(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the project's credentials and data centre, and check them."""
        errors: dict[str, str] = {}
        if user_input is not None:
            access_id = str(user_input[CONF_ACCESS_ID]).strip()
            secret = str(user_input[CONF_ACCESS_SECRET]).strip()
            data_center = DataCenter(user_input[CONF_DATA_CENTER])
            uid = str(user_input[CONF_APP_UID]).strip()
            checked, error = await self._check_project(
                access_id, secret, data_center, uid
            )
            if checked is not None:
                token, homes = checked
                await self.async_set_unique_id(uid, raise_on_progress=False)
                self._abort_if_unique_id_configured()
                return self.async_create_entry(
                    # The account's homes say which account it is (no username
                    # comes with a project); the user id when it has none.
                    title=", ".join(homes) or uid,
                    data=project_data(access_id, secret, data_center, uid, token),
                )
            errors["base"] = error
        # The secret is not sent back to the form.
        shown = {
            key: value
            for key, value in (user_input or {}).items()
            if key != CONF_ACCESS_SECRET
        }
        return self.async_show_form(
            step_id="project",
            data_schema=self.add_suggested_values_to_schema(PROJECT_SCHEMA, shown),
            errors=errors,
        )

    async def _check_project(
        self, access_id: str, secret: str, data_center: DataCenter, uid: str
    ) -> tuple[tuple[TokenInfo, list[str]] | None, str]:
        """((token, home names), '') when it works, else (None, error key)."""
        client = openapi_client(
            async_get_clientsession(self.hass), access_id, secret, data_center
        )
        try:
            return await async_check_project(client, uid), ""
        except InvalidClientError:
            return None, "invalid_project"
        except CloudAuthError:
            return None, "invalid_auth"
        except PermissionDeniedError, ValueError:
            # ValueError: a user id that cannot be an id at all.
            return None, "account_not_linked"
        except CloudConnectionError:
            return None, "cloud_unreachable"
        except TuyaCloudError:
            return None, "unknown"

    # ---- reauthentication --------------------------------------------------------

    async def _async_reauth_account(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        if entry_data[CONF_AUTH] == AccountAuth.QR_LOGIN:
            return await self.async_step_reauth_qr()
        return await self.async_step_reauth_project()

    async def async_step_reauth_qr(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Sign the account in again by QR code, when the user is ready to scan."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            error = await self._new_qr_code(entry.data[CONF_USER_CODE])
            if not error:
                return await self.async_step_qr_scan()
            errors["base"] = error
        return self.async_show_form(
            step_id="reauth_qr",
            errors=errors,
            description_placeholders={"name": entry.title},
        )

    async def async_step_reauth_project(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the project's secret again and check it."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            data = entry.data
            secret = str(user_input[CONF_ACCESS_SECRET]).strip()
            checked, error = await self._check_project(
                data[CONF_ACCESS_ID],
                secret,
                DataCenter(data[CONF_DATA_CENTER]),
                data[CONF_APP_UID],
            )
            if checked is not None:
                token = checked[0]
                return self.async_update_reload_and_abort(
                    entry,
                    data=project_data(
                        data[CONF_ACCESS_ID],
                        secret,
                        DataCenter(data[CONF_DATA_CENTER]),
                        data[CONF_APP_UID],
                        token,
                    ),
                )
            errors["base"] = error
        return self.async_show_form(
            step_id="reauth_project",
            data_schema=SECRET_SCHEMA,
            errors=errors,
            description_placeholders={
                "name": entry.title,
                "access_id": entry.data[CONF_ACCESS_ID],
            },
        )
