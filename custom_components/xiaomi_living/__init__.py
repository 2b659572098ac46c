"""Xiaomi Living: local control of Xiaomi air conditioners and TVs over miIO."""

from __future__ import annotations

import asyncio
from types import MappingProxyType

from homeassistant.const import CONF_HOST, CONF_TOKEN
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryError, ConfigEntryNotReady
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from . import assist, const
from .client import MiioClient, MiioDeviceInfo, MiioError, TokenRejectedError
from .client.acpartner import AcPartnerClient
from .client.aircondition import AirConditionerClient
from .client.models.aircondition import Transport, air_conditioner_description
from .client.models.tv import TvDescription, tv_description
from .client.television import TelevisionClient
from .client.tv_http import TvHttpClient
from .const import CONF_MAC, CONF_MODEL, DOMAIN, LOGGER
from .coordinator import (
    AirConditionerCoordinator,
    TelevisionCoordinator,
    XiaomiLivingConfigEntry,
    XiaomiLivingRuntimeData,
)


def create_client(host: str, token: str) -> MiioClient:
    """Create a miIO client with the integration's timeouts."""
    return MiioClient(host, token, timeout=const.MIIO_TIMEOUT, retries=const.MIIO_RETRIES)


async def async_setup_entry(hass: HomeAssistant, entry: XiaomiLivingConfigEntry) -> bool:
    """Connect to the device, learn what it is, and set up its platforms."""
    host: str = entry.data[CONF_HOST]
    stored_tv = tv_description(str(entry.data.get(CONF_MODEL, "")))
    token: str | None = entry.data.get(CONF_TOKEN)
    client: MiioClient | None = None
    if token is None or (stored_tv is not None and not stored_tv.miot):
        # A TV reached over its HTTP API only: nothing to ask over miIO, nothing to wait for.
        if stored_tv is None:
            raise _unsupported(str(entry.data.get(CONF_MODEL)))
        info = _stored_info(entry)
    else:
        client = create_client(host, token)
        entry.async_on_unload(client.close)
        info = await _async_device_info(entry, client, is_tv=stored_tv is not None)

    coordinator: AirConditionerCoordinator | TelevisionCoordinator
    if (television := tv_description(info.model)) is not None:
        coordinator = _television_coordinator(hass, entry, television, client, info)
    elif client is not None and (ac := air_conditioner_description(info.model)) is not None:
        driver = (
            AcPartnerClient(client, ac)
            if ac.transport is Transport.ACPARTNER_STATE
            else AirConditionerClient(client, ac)
        )
        coordinator = AirConditionerCoordinator(hass, entry, driver, info)
    else:
        raise _unsupported(info.model)
    await coordinator.async_config_entry_first_refresh()

    entry.runtime_data = XiaomiLivingRuntimeData(client=client, info=info, coordinator=coordinator)
    await hass.config_entries.async_forward_entry_setups(entry, coordinator.PLATFORMS)
    await assist.async_sync_sentences(hass)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: XiaomiLivingConfigEntry) -> bool:
    """Unload the platforms; the client closes through the entry's unload callbacks."""
    return await hass.config_entries.async_unload_platforms(
        entry, entry.runtime_data.coordinator.PLATFORMS
    )


async def async_remove_entry(hass: HomeAssistant, entry: XiaomiLivingConfigEntry) -> None:
    """Forget what the entry left: its repair issue, and our sentences with the last entry."""
    ir.async_delete_issue(hass, DOMAIN, f"no_local_control_{entry.entry_id}")
    await assist.async_sync_sentences(hass)


async def _async_device_info(
    entry: XiaomiLivingConfigEntry, client: MiioClient, *, is_tv: bool
) -> MiioDeviceInfo:
    """Ask the device who it is; a TV that is fully off is set up from the entry, as off."""
    host: str = entry.data[CONF_HOST]
    try:
        # A TV may well be off: it must not hold up the setup for the whole retry budget.
        async with asyncio.timeout(const.TV_ALIVE_TIMEOUT if is_tv else None):
            return await client.info()
    except TokenRejectedError as err:
        raise ConfigEntryAuthFailed(
            translation_domain=DOMAIN,
            translation_key="token_rejected",
            translation_placeholders={"host": host},
        ) from err
    except (MiioError, TimeoutError) as err:
        if is_tv:
            LOGGER.debug("TV at %s does not answer (%s); setting it up as off", host, err)
            return _stored_info(entry)
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="cannot_connect",
            translation_placeholders={"host": host},
        ) from err


def _stored_info(entry: XiaomiLivingConfigEntry) -> MiioDeviceInfo:
    """Return what the entry remembers about a device that cannot be asked right now."""
    return MiioDeviceInfo(
        model=str(entry.data[CONF_MODEL]),
        firmware_version=None,
        hardware_version=None,
        mac=entry.data.get(CONF_MAC),
        device_id=None,
        raw=MappingProxyType({}),
    )


def _television_coordinator(
    hass: HomeAssistant,
    entry: XiaomiLivingConfigEntry,
    description: TvDescription,
    client: MiioClient | None,
    info: MiioDeviceInfo,
) -> TelevisionCoordinator:
    """Combine the TV's miIO client (if it has a token) with its HTTP API on HA's session."""
    http = TvHttpClient(
        async_get_clientsession(hass),
        entry.data[CONF_HOST],
        port=const.TV_HTTP_PORT,
        timeout=const.TV_HTTP_TIMEOUT,
    )
    device = TelevisionClient(
        description, miio=client, http=http, alive_timeout=const.TV_ALIVE_TIMEOUT
    )
    return TelevisionCoordinator(hass, entry, device, info)


def _unsupported(model: str) -> ConfigEntryError:
    return ConfigEntryError(
        translation_domain=DOMAIN,
        translation_key="unsupported_model",
        translation_placeholders={"model": model},
    )
