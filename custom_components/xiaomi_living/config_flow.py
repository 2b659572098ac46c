"""Config flow for Xiaomi Living.

One entry per device, identified by the device id the device itself reports (never by its host).
Paths in: the user menu (manual host + token), zeroconf discovery (`_miio._udp.local.`, our model
families only), re-authentication when the token stops working, and reconfiguration of host and
token. Options: poll interval, and for TVs the power-off behaviour and wake-on-LAN.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import voluptuous as vol
from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlowWithReload,
)
from homeassistant.const import CONF_HOST, CONF_TOKEN
from homeassistant.core import callback
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo

from . import create_client
from .client import MiioDeviceInfo, MiioError, TokenRejectedError
from .client.models.aircondition import air_conditioner_description
from .const import (
    CONF_MAC,
    CONF_MODEL,
    CONF_SCAN_INTERVAL,
    CONF_TV_TURN_OFF,
    CONF_WAKE_ON_LAN,
    DEFAULT_SCAN_INTERVAL,
    DOMAIN,
    LOGGER,
    TV_TURN_OFF_POWER,
    TV_TURN_OFF_SCREEN,
)

_TOKEN_PATTERN = re.compile(r"^[0-9a-f]{32}$")
# Zeroconf instance names: model with dots as dashes, "_miio", decimal device id
_ZEROCONF_NAME = re.compile(r"^(?P<model>[a-z0-9-]+)_miio(?P<did>\d+)\.", re.IGNORECASE)

TOKEN_SCHEMA = vol.Schema({vol.Required(CONF_TOKEN): str})
HOST_TOKEN_SCHEMA = vol.Schema({vol.Required(CONF_HOST): str, vol.Required(CONF_TOKEN): str})


def normalize_token(token: str) -> str | None:
    """Return the token in lower case without spaces, or None when it is not 32 hex characters."""
    cleaned = token.strip().replace(" ", "").lower()
    return cleaned if _TOKEN_PATTERN.match(cleaned) else None


def is_supported_model(model: str) -> bool:
    """Tell whether we can control a model reported by miIO.info or discovery."""
    return air_conditioner_description(model) is not None


def is_tv_model(model: str) -> bool:
    """Tell whether a model is one of Xiaomi's TVs or TV boxes."""
    return model.lower().startswith(("xiaomi.tv.", "xiaomi.tvbox."))


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


def _entry_data(host: str, token: str, info: MiioDeviceInfo) -> dict[str, Any]:
    return {CONF_HOST: host, CONF_TOKEN: token, CONF_MODEL: info.model, CONF_MAC: info.mac}


class XiaomiLivingConfigFlow(ConfigFlow, domain=DOMAIN):
    """Handle a config flow for Xiaomi Living."""

    VERSION = 1
    MINOR_VERSION = 1

    def __init__(self) -> None:
        """Start with nothing discovered."""
        self._discovered_host: str | None = None
        self._discovered_model: str | None = None

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> XiaomiLivingOptionsFlow:
        """Options: poll interval, and the TV's power behaviour."""
        return XiaomiLivingOptionsFlow()

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Offer the ways to add a device."""
        return self.async_show_menu(step_id="user", menu_options=["manual"])

    async def async_step_manual(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for host and token, check them against the device, and create the entry."""
        errors: dict[str, str] = {}
        if user_input is not None:
            host = user_input[CONF_HOST].strip()
            result = await self._async_check(host, user_input[CONF_TOKEN], errors)
            if result is not None:
                return result
        return self.async_show_form(
            step_id="manual",
            data_schema=self.add_suggested_values_to_schema(HOST_TOKEN_SCHEMA, user_input),
            errors=errors,
        )

    async def async_step_zeroconf(self, discovery_info: ZeroconfServiceInfo) -> ConfigFlowResult:
        """Handle an announced device: update a known one's host, or offer to add it."""
        match = _ZEROCONF_NAME.match(discovery_info.name)
        if match is None:
            return self.async_abort(reason="not_xiaomi_device")
        model = match["model"].lower().replace("-", ".")
        if not is_supported_model(model):
            return self.async_abort(reason="not_xiaomi_device")
        host = discovery_info.host
        await self.async_set_unique_id(match["did"])
        self._abort_if_unique_id_configured(updates={CONF_HOST: host})
        self._discovered_host = host
        self._discovered_model = model
        self.context["title_placeholders"] = {"model": model, "host": host}
        return await self.async_step_zeroconf_confirm()

    async def async_step_zeroconf_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show the discovered model and ask only for its token."""
        host, model = str(self._discovered_host), str(self._discovered_model)
        errors: dict[str, str] = {}
        if user_input is not None:
            result = await self._async_check(host, user_input[CONF_TOKEN], errors)
            if result is not None:
                return result
        return self.async_show_form(
            step_id="zeroconf_confirm",
            data_schema=TOKEN_SCHEMA,
            errors=errors,
            description_placeholders={"model": model, "host": host},
        )

    async def _async_check(
        self, host: str, raw_token: str, errors: dict[str, str]
    ) -> ConfigFlowResult | None:
        """Check host and token; create the entry, abort, or fill `errors` and return None."""
        token = normalize_token(raw_token)
        if token is None:
            errors[CONF_TOKEN] = "invalid_token"
            return None
        info = await _probe(host, token)
        if isinstance(info, str):
            errors["base"] = info
            return None
        if not is_supported_model(info.model):
            return self.async_abort(
                reason="unsupported_model", description_placeholders={"model": info.model}
            )
        await self.async_set_unique_id(str(info.device_id), raise_on_progress=False)
        self._abort_if_unique_id_configured(updates={CONF_HOST: host, CONF_TOKEN: token})
        return self.async_create_entry(title=info.model, data=_entry_data(host, token, info))

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
            result = await self._async_update_checked(entry, host, user_input[CONF_TOKEN], errors)
            if result is not None:
                return result
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=TOKEN_SCHEMA,
            errors=errors,
            description_placeholders={"name": entry.title, "host": host},
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change host and token of an entry; the device must answer and be the same device."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            result = await self._async_update_checked(
                entry, user_input[CONF_HOST].strip(), user_input[CONF_TOKEN], errors
            )
            if result is not None:
                return result
        suggested = user_input or {
            CONF_HOST: entry.data[CONF_HOST],
            CONF_TOKEN: entry.data.get(CONF_TOKEN, ""),
        }
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(HOST_TOKEN_SCHEMA, suggested),
            errors=errors,
            description_placeholders={"name": entry.title},
        )

    async def _async_update_checked(
        self, entry: ConfigEntry, host: str, raw_token: str, errors: dict[str, str]
    ) -> ConfigFlowResult | None:
        """Check host and token against the entry's device and save them, or fill `errors`."""
        token = normalize_token(raw_token)
        if token is None:
            errors[CONF_TOKEN] = "invalid_token"
            return None
        info = await _probe(host, token)
        if isinstance(info, str):
            errors["base"] = info
            return None
        await self.async_set_unique_id(str(info.device_id))
        self._abort_if_unique_id_mismatch(reason="wrong_device")
        return self.async_update_reload_and_abort(
            entry, data_updates={CONF_HOST: host, CONF_TOKEN: token}
        )


class XiaomiLivingOptionsFlow(OptionsFlowWithReload):
    """Poll interval for every device; power-off behaviour and wake-on-LAN for TVs."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Show the options that apply to this device; the entry reloads on save."""
        if user_input is not None:
            return self.async_create_entry(data=user_input)
        options = self.config_entry.options
        fields: dict[vol.Marker, Any] = {
            vol.Required(
                CONF_SCAN_INTERVAL,
                default=options.get(CONF_SCAN_INTERVAL, int(DEFAULT_SCAN_INTERVAL.total_seconds())),
            ): NumberSelector(
                NumberSelectorConfig(
                    min=5, max=300, step=1, mode=NumberSelectorMode.BOX, unit_of_measurement="s"
                )
            ),
        }
        if is_tv_model(self.config_entry.data[CONF_MODEL]):
            fields[
                vol.Required(
                    CONF_TV_TURN_OFF, default=options.get(CONF_TV_TURN_OFF, TV_TURN_OFF_SCREEN)
                )
            ] = SelectSelector(
                SelectSelectorConfig(
                    options=[TV_TURN_OFF_SCREEN, TV_TURN_OFF_POWER],
                    mode=SelectSelectorMode.LIST,
                    translation_key=CONF_TV_TURN_OFF,
                )
            )
            fields[vol.Required(CONF_WAKE_ON_LAN, default=options.get(CONF_WAKE_ON_LAN, True))] = (
                bool
            )
        return self.async_show_form(step_id="init", data_schema=vol.Schema(fields))
