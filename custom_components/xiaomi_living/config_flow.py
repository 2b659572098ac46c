"""Config flow for Xiaomi Living.

One entry per device, identified by the device id the device itself reports (never by its host).
Paths in: the user menu (manual host + token, or tokens fetched once from a Xiaomi account),
zeroconf discovery (`_miio._udp.local.`, our model families only), re-authentication when the token
stops working, and reconfiguration of host and token. Options: poll interval, and for TVs the
power-off behaviour and wake-on-LAN. The account's password is never stored.
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
from homeassistant.const import CONF_HOST, CONF_NAME, CONF_PASSWORD, CONF_TOKEN, CONF_USERNAME
from homeassistant.core import callback
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo

from . import const, create_client
from .client import MiioDeviceInfo, MiioError, TokenRejectedError, cloud
from .client.cloud import CloudDevice, XiaomiCloudClient
from .client.errors import CloudError, TvHttpError
from .client.models.aircondition import air_conditioner_description
from .client.models.tv import MIUI_HTTP_MODEL, tv_description
from .client.tv_http import TvHttpClient, TvSystemInfo
from .const import (
    CONF_MAC,
    CONF_MODEL,
    CONF_SCAN_INTERVAL,
    CONF_TV_TURN_OFF,
    CONF_VOICE_SENTENCES,
    CONF_WAKE_ON_LAN,
    DEFAULT_SCAN_INTERVAL,
    DOMAIN,
    LOGGER,
    TV_TURN_OFF_POWER,
    TV_TURN_OFF_SCREEN,
)
from .coordinator import XiaomiLivingConfigEntry

_TOKEN_PATTERN = re.compile(r"^[0-9a-f]{32}$")
# Zeroconf instance names: model with dots as dashes, "_miio", decimal device id
_ZEROCONF_NAME = re.compile(r"^(?P<model>[a-z0-9-]+)_miio(?P<did>\d+)\.", re.IGNORECASE)

CONF_REGION = "region"
CONF_DEVICES = "devices"
SOURCE_CLOUD_DEVICE = "cloud_device"

TOKEN_SCHEMA = vol.Schema({vol.Required(CONF_TOKEN): str})
CLOUD_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_USERNAME): TextSelector(
            TextSelectorConfig(type=TextSelectorType.TEXT, autocomplete="username")
        ),
        vol.Required(CONF_PASSWORD): TextSelector(
            TextSelectorConfig(type=TextSelectorType.PASSWORD, autocomplete="current-password")
        ),
        vol.Required(CONF_REGION, default="cn"): SelectSelector(
            SelectSelectorConfig(
                options=list(cloud.REGIONS),
                mode=SelectSelectorMode.DROPDOWN,
                translation_key=CONF_REGION,
            )
        ),
    }
)
HOST_TOKEN_SCHEMA = vol.Schema({vol.Required(CONF_HOST): str, vol.Required(CONF_TOKEN): str})
HOST_SCHEMA = vol.Schema({vol.Required(CONF_HOST): str})


def normalize_token(token: str) -> str | None:
    """Return the token in lower case without spaces, or None when it is not 32 hex characters."""
    cleaned = token.strip().replace(" ", "").lower()
    return cleaned if _TOKEN_PATTERN.match(cleaned) else None


def is_supported_model(model: str) -> bool:
    """Tell whether we can control a model reported by miIO.info or discovery."""
    return air_conditioner_description(model) is not None or tv_description(model) is not None


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


async def _async_checked_device(
    host: str, raw_token: str, errors: dict[str, str]
) -> tuple[str, MiioDeviceInfo] | None:
    """Validate the token's form, then ask the device; on failure fill `errors` for the form."""
    token = normalize_token(raw_token)
    if token is None:
        errors[CONF_TOKEN] = "invalid_token"
        return None
    info = await _probe(host, token)
    if isinstance(info, str):
        errors["base"] = info
        return None
    return token, info


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
        self._cloud_devices: dict[str, CloudDevice] = {}

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: XiaomiLivingConfigEntry) -> XiaomiLivingOptionsFlow:
        """Options: poll interval, and the TV's power behaviour."""
        return XiaomiLivingOptionsFlow()

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Offer the ways to add a device."""
        return self.async_show_menu(step_id="user", menu_options=["manual", "cloud", "tv_http"])

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

    async def async_step_tv_http(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Add an older MIUI TV by its address only: it is controlled over its port-6095 API."""
        errors: dict[str, str] = {}
        if user_input is not None:
            host = user_input[CONF_HOST].strip()
            system = await self._probe_tv_http(host)
            if isinstance(system, str):
                errors["base"] = system
            else:
                mac = system.eth_mac or system.wifi_mac
                await self.async_set_unique_id(mac)
                self._abort_if_unique_id_configured(updates={CONF_HOST: host})
                return self.async_create_entry(
                    title=system.name or "Xiaomi TV",
                    data={CONF_HOST: host, CONF_MODEL: MIUI_HTTP_MODEL, CONF_MAC: mac},
                )
        return self.async_show_form(
            step_id="tv_http",
            data_schema=self.add_suggested_values_to_schema(HOST_SCHEMA, user_input),
            errors=errors,
        )

    async def _probe_tv_http(self, host: str) -> TvSystemInfo | str:
        """Ask a TV's HTTP API whether it answers and who it is; or the error key for the form."""
        http = TvHttpClient(async_get_clientsession(self.hass), host, port=const.TV_HTTP_PORT)
        try:
            if not await http.is_alive():
                return "tv_http_cannot_connect"
            system = await http.system_info()
        except TvHttpError as err:
            LOGGER.debug("TV HTTP API at %s answered oddly: %s", host, err)
            return "tv_http_bad_answer"
        if not (system.eth_mac or system.wifi_mac):
            return "tv_http_bad_answer"
        return system

    async def async_step_cloud(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Sign in to a Xiaomi account once, to read the tokens of its ACs and TVs."""
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            client = XiaomiCloudClient(
                async_get_clientsession(self.hass),
                account_url=cloud.ACCOUNT_URL,
                api_url_template=cloud.API_URL_TEMPLATE,
            )
            try:
                session = await client.login(user_input[CONF_USERNAME], user_input[CONF_PASSWORD])
                devices = await client.get_devices(session, user_input[CONF_REGION])
            except CloudError as err:
                # The account's errors are named by the form's own error keys (client/errors.py)
                LOGGER.debug("Xiaomi account sign-in failed: %s", err)
                errors["base"] = err.translation_key
                placeholders.update(err.translation_placeholders(cloud.ACCOUNT_URL))
            else:
                self._cloud_devices = {
                    device.did: device
                    for device in devices
                    if device.token and device.local_ip and is_supported_model(device.model)
                }
                if not self._cloud_devices:
                    return self.async_abort(reason="no_cloud_devices")
                return await self.async_step_cloud_devices()
        # Never echo the password back into the form
        suggested = {k: v for k, v in (user_input or {}).items() if k != CONF_PASSWORD}
        return self.async_show_form(
            step_id="cloud",
            data_schema=self.add_suggested_values_to_schema(CLOUD_SCHEMA, suggested),
            errors=errors,
            description_placeholders={"url": placeholders.get("url", "")},
        )

    async def async_step_cloud_devices(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Let the user pick devices; each is checked on the local network before it is added."""
        configured = self._async_current_ids(include_ignore=False)
        choices = {
            did: device for did, device in self._cloud_devices.items() if did not in configured
        }
        if not choices:
            return self.async_abort(reason="already_configured")
        errors: dict[str, str] = {}
        placeholders = {"failed": ""}
        if user_input is not None:
            chosen = [choices[did] for did in user_input[CONF_DEVICES]]
            infos: dict[str, MiioDeviceInfo] = {}
            for device in chosen:
                info = await _probe(str(device.local_ip), str(device.token))
                if not isinstance(info, str):
                    infos[device.did] = info
            failed = [device.name for device in chosen if device.did not in infos]
            if not chosen:
                errors["base"] = "no_device_chosen"
            elif failed:
                errors["base"] = "cloud_device_unreachable"
                placeholders["failed"] = ", ".join(failed)
            else:
                first, *others = chosen
                for device in others:
                    self.hass.async_create_task(
                        self.hass.config_entries.flow.async_init(
                            DOMAIN,
                            context={"source": SOURCE_CLOUD_DEVICE},
                            data={
                                CONF_HOST: device.local_ip,
                                CONF_TOKEN: device.token,
                                CONF_NAME: device.name,
                            },
                        ),
                        eager_start=True,
                    )
                await self.async_set_unique_id(str(infos[first.did].device_id))
                self._abort_if_unique_id_configured()
                return self.async_create_entry(
                    title=first.name,
                    data=_entry_data(str(first.local_ip), str(first.token), infos[first.did]),
                )
        options = [
            SelectOptionDict(value=did, label=f"{device.name} ({device.model}, {device.local_ip})")
            for did, device in choices.items()
        ]
        schema = vol.Schema(
            {
                vol.Required(CONF_DEVICES, default=list(choices)): SelectSelector(
                    SelectSelectorConfig(
                        options=options, multiple=True, mode=SelectSelectorMode.LIST
                    )
                )
            }
        )
        return self.async_show_form(
            step_id="cloud_devices",
            data_schema=schema,
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_cloud_device(self, data: dict[str, Any]) -> ConfigFlowResult:
        """Add one more device chosen from the account (already checked by the cloud step)."""
        host, token = data[CONF_HOST], data[CONF_TOKEN]
        info = await _probe(host, token)
        if isinstance(info, str):
            return self.async_abort(reason=info)
        await self.async_set_unique_id(str(info.device_id))
        self._abort_if_unique_id_configured(updates={CONF_HOST: host, CONF_TOKEN: token})
        return self.async_create_entry(title=data[CONF_NAME], data=_entry_data(host, token, info))

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
        if (checked := await _async_checked_device(host, raw_token, errors)) is None:
            return None
        token, info = checked
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
        if CONF_TOKEN not in entry.data:
            return await self.async_step_reconfigure_host()
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

    async def async_step_reconfigure_host(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the address of a TV reached over its HTTP API only; it must be the same set."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            host = user_input[CONF_HOST].strip()
            system = await self._probe_tv_http(host)
            if isinstance(system, str):
                errors["base"] = system
            else:
                await self.async_set_unique_id(system.eth_mac or system.wifi_mac)
                self._abort_if_unique_id_mismatch(reason="wrong_device")
                return self.async_update_reload_and_abort(entry, data_updates={CONF_HOST: host})
        return self.async_show_form(
            step_id="reconfigure_host",
            data_schema=self.add_suggested_values_to_schema(
                HOST_SCHEMA, user_input or {CONF_HOST: entry.data[CONF_HOST]}
            ),
            errors=errors,
            description_placeholders={"name": entry.title},
        )

    async def _async_update_checked(
        self, entry: ConfigEntry, host: str, raw_token: str, errors: dict[str, str]
    ) -> ConfigFlowResult | None:
        """Check host and token against the entry's device and save them, or fill `errors`."""
        if (checked := await _async_checked_device(host, raw_token, errors)) is None:
            return None
        token, info = checked
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
        fields[
            vol.Required(CONF_VOICE_SENTENCES, default=options.get(CONF_VOICE_SENTENCES, True))
        ] = bool
        if tv_description(self.config_entry.data[CONF_MODEL]) is not None:
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
