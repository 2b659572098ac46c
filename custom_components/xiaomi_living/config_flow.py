"""Config flow for Xiaomi Living.

One entry per device, identified by the device id the device itself reports (never by its host).
Paths in: the user menu (manual host + token, or tokens fetched once from a Xiaomi account),
zeroconf discovery (`_miio._udp.local.`, our model families only), re-authentication when the token
stops working, and reconfiguration of host and token (the stored token is never shown). Options:
poll interval, the voice commands (the integration's: saved on every entry), and for TVs the
power-off behaviour, wake-on-LAN and (Home Assistant 2026.4+, where an infrared emitter exists)
the emitter and the TV's IR power key, learned through a receiver or pasted as a Pronto code. The
account's password is never stored.
"""

from __future__ import annotations

import asyncio
import re
import struct
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
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.importlib import async_import_module
from homeassistant.helpers.selector import (
    EntitySelector,
    EntitySelectorConfig,
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

from . import assist, const, create_client
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
    CONF_TV_IR_EMITTER,
    CONF_TV_IR_POWER_CODE,
    CONF_TV_IR_RECEIVER,
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
from .entity import (
    INFRARED_DOMAIN,
    async_pronto_command,
    infrared_emitters,
    infrared_platform,
    infrared_receivers,
)

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
# Reconfigure never shows the stored token: the field starts empty, and empty keeps it.
RECONFIGURE_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_HOST): str,
        vol.Optional(CONF_TOKEN): TextSelector(
            TextSelectorConfig(type=TextSelectorType.PASSWORD, autocomplete="off")
        ),
    }
)
# The poll interval's bounds in seconds; the options step checks them and names them in its error.
SCAN_INTERVAL_MIN = 5
SCAN_INTERVAL_MAX = 300
PRONTO_SCHEMA = vol.Schema(
    {vol.Required(CONF_TV_IR_POWER_CODE): TextSelector(TextSelectorConfig(multiline=True))}
)
# Options that outlive a save of the first options step: the learned power key stays when the
# emitter is cleared, so choosing it again needs no new learning.
_KEPT_OPTIONS = (CONF_TV_IR_POWER_CODE,)
# A received burst shorter than this is a remote's repeat frame or noise, not a key.
_MIN_LEARNED_TIMINGS = 6
# A learned key ends on a pulse; a Pronto code is pairs of pulse and gap, so a gap closes it (µs).
_LEARNED_TRAILING_GAP = 40_000


def normalize_token(token: str) -> str | None:
    """Return the token in lower case without spaces, or None when it is not 32 hex characters."""
    cleaned = token.strip().replace(" ", "").lower()
    return cleaned if _TOKEN_PATTERN.match(cleaned) else None


def is_supported_model(model: str) -> bool:
    """Tell whether we can control a model reported by miIO.info or discovery."""
    return air_conditioner_description(model) is not None or tv_description(model) is not None


async def _async_normalized_pronto(  # pragma: no cover - HA 2026.4+ (infrared platform)
    hass: HomeAssistant, text: str
) -> str | None:
    """Return a pasted Pronto code as stored (lower case, one space apart), None if it is none."""
    try:
        command = await async_pronto_command(hass, text)
    except ValueError:
        return None
    return str(command.to_pronto_hex())


async def _async_learn_power_key(  # pragma: no cover - HA 2026.4+ (infrared platform)
    hass: HomeAssistant, receiver: str
) -> tuple[str | None, str]:
    """Listen on a receiver for the TV's power key; return its Pronto code, or the error key.

    Home Assistant before 2026.4 never comes here: without the infrared platform the options
    flow has no such step.
    """
    subscribe = getattr(infrared_platform(hass), "async_subscribe_receiver", None)
    signals: asyncio.Queue[Any] = asyncio.Queue()
    try:
        unsubscribe = subscribe(hass, receiver, signals.put_nowait) if subscribe else None
    except HomeAssistantError:
        unsubscribe = None
    if unsubscribe is None:
        return None, "ir_receiver_unavailable"
    try:
        async with asyncio.timeout(const.TV_IR_LEARN_TIMEOUT):
            while len((signal := await signals.get()).timings) < _MIN_LEARNED_TIMINGS:
                LOGGER.debug("Ignoring a short burst from %s", receiver)
    except TimeoutError:
        return None, "ir_learn_timeout"
    finally:
        unsubscribe()
    timings = list(signal.timings)
    if len(timings) % 2:
        timings.append(-_LEARNED_TRAILING_GAP)
    pronto = await async_import_module(hass, "infrared_protocols.commands.pronto")
    try:
        command = pronto.ProntoCommand.from_raw_timings(timings, signal.modulation or None)
    except (ValueError, struct.error) as err:
        LOGGER.debug("The key learned from %s cannot be written as Pronto: %s", receiver, err)
        return None, "ir_learn_unusable"
    return str(command.to_pronto_hex()), ""


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
        """Change host and token of an entry; the device must answer and be the same device.

        The stored token is never shown: the token field starts empty, and left empty it keeps
        the stored token (only the host changes).
        """
        entry = self._get_reconfigure_entry()
        if CONF_TOKEN not in entry.data:
            return await self.async_step_reconfigure_host()
        errors: dict[str, str] = {}
        host: str = entry.data[CONF_HOST]
        if user_input is not None:
            host = user_input[CONF_HOST].strip()
            token = str(user_input.get(CONF_TOKEN) or "").strip() or entry.data[CONF_TOKEN]
            result = await self._async_update_checked(
                entry, host, token, errors, mismatch="reconfigure_wrong_device"
            )
            if result is not None:
                return result
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(RECONFIGURE_SCHEMA, {CONF_HOST: host}),
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
                self._abort_if_unique_id_mismatch(reason="reconfigure_wrong_device")
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
        self,
        entry: ConfigEntry,
        host: str,
        raw_token: str,
        errors: dict[str, str],
        *,
        mismatch: str = "wrong_device",
    ) -> ConfigFlowResult | None:
        """Check host and token against the entry's device and save them, or fill `errors`.

        Another device answering aborts with ``mismatch``: re-authentication and reconfiguration
        each say it in their own words.
        """
        if (checked := await _async_checked_device(host, raw_token, errors)) is None:
            return None
        token, info = checked
        await self.async_set_unique_id(str(info.device_id))
        self._abort_if_unique_id_mismatch(reason=mismatch)
        return self.async_update_reload_and_abort(
            entry, data_updates={CONF_HOST: host, CONF_TOKEN: token}
        )


class XiaomiLivingOptionsFlow(OptionsFlowWithReload):
    """Poll interval for every device; power-off, wake-on-LAN and the IR power key for TVs.

    Steps: ``init`` (every option; the infrared emitter where one exists), then, when an emitter
    is chosen, ``tv_infrared``: a menu of where the TV's power key comes from (learned through a
    receiver, ``tv_infrared_learn``; pasted as a Pronto code, ``tv_infrared_pronto``; or the key
    already stored, ``tv_infrared_keep``). Learning shows progress (``tv_infrared_listen``) while
    it listens, then saves (``tv_infrared_learned``) or shows the receiver form again with the
    error (``tv_infrared_learn_failed``). Only Home Assistant 2026.4+ reaches the infrared steps:
    before it there is no infrared platform, and so no emitter to choose.
    """

    def __init__(self) -> None:
        """Start with nothing chosen."""
        self._options: dict[str, Any] = {}
        self._learning: asyncio.Task[tuple[str | None, str]] | None = None
        self._learn_error: str | None = None

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Show the options that apply to this device; the entry reloads on save.

        The poll interval is checked here, not by the selector, so that a value out of bounds is
        a translated field error naming the bounds. The voice commands are the integration's, not
        the device's: the value saved here is saved on every entry (``_async_save``).
        """
        options = self.config_entry.options
        errors: dict[str, str] = {}
        if user_input is not None:
            interval = float(user_input[CONF_SCAN_INTERVAL])
            if SCAN_INTERVAL_MIN <= interval <= SCAN_INTERVAL_MAX:
                user_input = {
                    **user_input,
                    CONF_SCAN_INTERVAL: int(interval) if interval.is_integer() else interval,
                }
                kept = {key: options[key] for key in _KEPT_OPTIONS if key in options}
                self._options = {**kept, **user_input}
                if user_input.get(CONF_TV_IR_EMITTER):  # pragma: no cover - HA 2026.4+ (infrared)
                    return await self.async_step_tv_infrared()
                return self._async_save(self._options)
            errors[CONF_SCAN_INTERVAL] = "scan_interval_out_of_range"
        fields: dict[vol.Marker, Any] = {
            vol.Required(
                CONF_SCAN_INTERVAL,
                default=options.get(CONF_SCAN_INTERVAL, int(DEFAULT_SCAN_INTERVAL.total_seconds())),
            ): NumberSelector(
                NumberSelectorConfig(step=1, mode=NumberSelectorMode.BOX, unit_of_measurement="s")
            ),
        }
        fields[vol.Required(CONF_VOICE_SENTENCES, default=assist.sentences_wanted(self.hass))] = (
            bool
        )
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
            if emitters := infrared_emitters(self.hass):  # pragma: no cover - HA 2026.4+
                fields[
                    vol.Optional(
                        CONF_TV_IR_EMITTER,
                        description={"suggested_value": options.get(CONF_TV_IR_EMITTER)},
                    )
                ] = EntitySelector(
                    EntitySelectorConfig(domain=INFRARED_DOMAIN, include_entities=emitters)
                )
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(vol.Schema(fields), user_input),
            errors=errors,
            description_placeholders={
                "name": self.config_entry.title,
                "min": str(SCAN_INTERVAL_MIN),
                "max": str(SCAN_INTERVAL_MAX),
            },
        )

    @callback
    def _async_save(self, options: dict[str, Any]) -> ConfigFlowResult:
        """Save the options; the voice commands choice goes to every entry of the integration.

        The sentences are one set for the whole of Home Assistant, and serve every air
        conditioner and TV Assist may control: the choice cannot be one device's. This entry
        takes it with its options (and reloads); the others are updated without a reload, and
        the sentences installed or removed at once.
        """
        wanted = bool(options[CONF_VOICE_SENTENCES])
        for entry in self.hass.config_entries.async_entries(DOMAIN):
            if entry.entry_id != self.config_entry.entry_id:
                self.hass.config_entries.async_update_entry(
                    entry, options={**entry.options, CONF_VOICE_SENTENCES: wanted}
                )
        self.hass.async_create_task(assist.async_sync_sentences(self.hass, wanted=wanted))
        return self.async_create_entry(data=options)

    # Home Assistant 2026.4+ only, from here on: an emitter was chosen in the first step.

    async def async_step_tv_infrared(  # pragma: no cover - HA 2026.4+ (infrared platform)
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask where the power key comes from; straight to the Pronto code if only that can be."""
        menu = []
        if infrared_receivers(self.hass):
            menu.append("tv_infrared_learn")
        menu.append("tv_infrared_pronto")
        if self.config_entry.options.get(CONF_TV_IR_POWER_CODE):
            menu.append("tv_infrared_keep")
        if len(menu) == 1:
            return await self.async_step_tv_infrared_pronto()
        return self.async_show_menu(
            step_id="tv_infrared",
            menu_options=menu,
            description_placeholders={"emitter": self._options[CONF_TV_IR_EMITTER]},
        )

    async def async_step_tv_infrared_keep(  # pragma: no cover - HA 2026.4+ (infrared platform)
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Keep the power key stored before."""
        return self._async_save_power_key(self.config_entry.options[CONF_TV_IR_POWER_CODE])

    async def async_step_tv_infrared_pronto(  # pragma: no cover - HA 2026.4+ (infrared platform)
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Take the power key as a Pronto code (learned type, starting 0000), and check it."""
        errors: dict[str, str] = {}
        if user_input is not None:
            code = await _async_normalized_pronto(self.hass, user_input[CONF_TV_IR_POWER_CODE])
            if code is not None:
                return self._async_save_power_key(code)
            errors[CONF_TV_IR_POWER_CODE] = "invalid_pronto"
        return self._async_show_pronto_form(user_input, errors)

    def _async_show_pronto_form(  # pragma: no cover - HA 2026.4+ (infrared platform)
        self, user_input: dict[str, Any] | None, errors: dict[str, str]
    ) -> ConfigFlowResult:
        suggested = user_input or {
            CONF_TV_IR_POWER_CODE: self.config_entry.options.get(CONF_TV_IR_POWER_CODE, "")
        }
        return self.async_show_form(
            step_id="tv_infrared_pronto",
            data_schema=self.add_suggested_values_to_schema(PRONTO_SCHEMA, suggested),
            errors=errors,
        )

    async def async_step_tv_infrared_learn(  # pragma: no cover - HA 2026.4+ (infrared platform)
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Choose the receiver that hears the TV's own remote; then listen on it."""
        if user_input is None:
            return self._async_show_learn_form({})
        self._options[CONF_TV_IR_RECEIVER] = user_input[CONF_TV_IR_RECEIVER]
        return await self.async_step_tv_infrared_listen()

    async def async_step_tv_infrared_listen(  # pragma: no cover - HA 2026.4+ (infrared platform)
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Listen while the user presses the power key (a progress step: it takes no input)."""
        if self._learning is None:
            receiver = self._options.pop(CONF_TV_IR_RECEIVER)
            self._learning = self.hass.async_create_task(
                _async_learn_power_key(self.hass, receiver)
            )
        if not self._learning.done():
            return self.async_show_progress(
                step_id="tv_infrared_listen",
                progress_action="tv_infrared_learn",
                progress_task=self._learning,
                description_placeholders={"seconds": f"{const.TV_IR_LEARN_TIMEOUT:g}"},
            )
        code, self._learn_error = self._learning.result()
        self._learning = None
        if code is None:
            return self.async_show_progress_done(next_step_id="tv_infrared_learn_failed")
        self._options[CONF_TV_IR_POWER_CODE] = code
        return self.async_show_progress_done(next_step_id="tv_infrared_learned")

    async def async_step_tv_infrared_learn_failed(  # pragma: no cover - HA 2026.4+ (infrared)
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show the receiver form again with what went wrong (any input here is the old one)."""
        return self._async_show_learn_form({"base": str(self._learn_error)})

    def _async_show_learn_form(  # pragma: no cover - HA 2026.4+ (infrared platform)
        self, errors: dict[str, str]
    ) -> ConfigFlowResult:
        receivers = infrared_receivers(self.hass)
        if not receivers:  # gone meanwhile: the code can still be pasted
            return self._async_show_pronto_form(None, errors)
        schema = vol.Schema(
            {
                vol.Required(CONF_TV_IR_RECEIVER, default=receivers[0]): EntitySelector(
                    EntitySelectorConfig(domain=INFRARED_DOMAIN, include_entities=receivers)
                )
            }
        )
        return self.async_show_form(
            step_id="tv_infrared_learn",
            data_schema=schema,
            errors=errors,
            description_placeholders={"seconds": f"{const.TV_IR_LEARN_TIMEOUT:g}"},
        )

    async def async_step_tv_infrared_learned(  # pragma: no cover - HA 2026.4+ (infrared)
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Save the learned power key."""
        return self._async_save_power_key(self._options[CONF_TV_IR_POWER_CODE])

    def _async_save_power_key(self, code: str) -> ConfigFlowResult:  # pragma: no cover - 2026.4+
        """Save every option with the TV's IR power key."""
        return self._async_save({**self._options, CONF_TV_IR_POWER_CODE: code})
