"""Config flow for Xiaomi Living: add a device by host and token, and renew a rejected token."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import voluptuous as vol
from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.const import CONF_HOST, CONF_TOKEN

from . import create_client
from .client import MiioDeviceInfo, MiioError, TokenRejectedError
from .client.models.aircondition import air_conditioner_description
from .const import CONF_MAC, CONF_MODEL, DOMAIN, LOGGER

_TOKEN_PATTERN = re.compile(r"^[0-9a-f]{32}$")

USER_SCHEMA = vol.Schema({vol.Required(CONF_HOST): str, vol.Required(CONF_TOKEN): str})
REAUTH_SCHEMA = vol.Schema({vol.Required(CONF_TOKEN): str})


def normalize_token(token: str) -> str | None:
    """Return the token in lower case without spaces, or None when it is not 32 hex characters."""
    cleaned = token.strip().replace(" ", "").lower()
    return cleaned if _TOKEN_PATTERN.match(cleaned) else None


async def _probe(host: str, token: str) -> MiioDeviceInfo | str:
    """Ask the device who it is; return its info, or the error key for the form."""
    try:
        async with create_client(host, token) as client:
            return await client.info()
    except TokenRejectedError:
        return "token_rejected"
    except MiioError as err:
        LOGGER.debug("No usable answer from %s: %s", host, err)
        return "cannot_connect"
    except Exception:  # noqa: BLE001 - the form must show something, the log gets the details
        LOGGER.exception("Unexpected error while checking %s", host)
        return "unknown"


class XiaomiLivingConfigFlow(ConfigFlow, domain=DOMAIN):
    """Handle a config flow for Xiaomi Living."""

    VERSION = 1
    MINOR_VERSION = 1

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for host and token, check them against the device, and create the entry."""
        errors: dict[str, str] = {}
        if user_input is not None:
            host = user_input[CONF_HOST].strip()
            token = normalize_token(user_input[CONF_TOKEN])
            if token is None:
                errors[CONF_TOKEN] = "invalid_token"
            else:
                info = await _probe(host, token)
                if isinstance(info, str):
                    errors["base"] = info
                else:
                    if air_conditioner_description(info.model) is None:
                        return self.async_abort(
                            reason="unsupported_model",
                            description_placeholders={"model": info.model},
                        )
                    await self.async_set_unique_id(str(info.device_id))
                    self._abort_if_unique_id_configured(
                        updates={CONF_HOST: host, CONF_TOKEN: token}
                    )
                    return self.async_create_entry(
                        title=info.model,
                        data={
                            CONF_HOST: host,
                            CONF_TOKEN: token,
                            CONF_MODEL: info.model,
                            CONF_MAC: info.mac,
                        },
                    )
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(USER_SCHEMA, user_input),
            errors=errors,
        )

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        """Start re-authentication when the device rejects the stored token."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask only for the new token and check it before saving."""
        entry = self._get_reauth_entry()
        host: str = entry.data[CONF_HOST]
        errors: dict[str, str] = {}
        if user_input is not None:
            token = normalize_token(user_input[CONF_TOKEN])
            if token is None:
                errors[CONF_TOKEN] = "invalid_token"
            else:
                info = await _probe(host, token)
                if isinstance(info, str):
                    errors["base"] = info
                else:
                    await self.async_set_unique_id(str(info.device_id))
                    self._abort_if_unique_id_mismatch(reason="wrong_device")
                    return self.async_update_reload_and_abort(
                        entry, data_updates={CONF_TOKEN: token}
                    )
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=REAUTH_SCHEMA,
            errors=errors,
            description_placeholders={"name": entry.title, "host": host},
        )
