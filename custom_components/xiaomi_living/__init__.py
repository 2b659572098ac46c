"""Xiaomi Living: local control of Xiaomi air conditioners and TVs over miIO."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_HOST, CONF_TOKEN
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryError, ConfigEntryNotReady

from . import const
from .client import MiioClient, MiioDeviceInfo, MiioError, TokenRejectedError
from .client.aircondition import AirConditionerClient
from .client.models.aircondition import air_conditioner_description
from .const import DOMAIN, PLATFORMS
from .coordinator import AirConditionerCoordinator


@dataclass(slots=True)
class XiaomiLivingRuntimeData:
    """What a loaded entry holds while it runs."""

    client: MiioClient
    info: MiioDeviceInfo
    coordinator: AirConditionerCoordinator


type XiaomiLivingConfigEntry = ConfigEntry[XiaomiLivingRuntimeData]


def create_client(host: str, token: str) -> MiioClient:
    """Create a miIO client with the integration's timeouts."""
    return MiioClient(host, token, timeout=const.MIIO_TIMEOUT, retries=const.MIIO_RETRIES)


async def async_setup_entry(hass: HomeAssistant, entry: XiaomiLivingConfigEntry) -> bool:
    """Connect to the device, learn what it is, and set up its platforms."""
    host: str = entry.data[CONF_HOST]
    client = create_client(host, entry.data[CONF_TOKEN])
    entry.async_on_unload(client.close)
    try:
        info = await client.info()
    except TokenRejectedError as err:
        raise ConfigEntryAuthFailed(
            translation_domain=DOMAIN,
            translation_key="token_rejected",
            translation_placeholders={"host": host},
        ) from err
    except MiioError as err:
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="cannot_connect",
            translation_placeholders={"host": host},
        ) from err

    description = air_conditioner_description(info.model)
    if description is None:
        raise ConfigEntryError(
            translation_domain=DOMAIN,
            translation_key="unsupported_model",
            translation_placeholders={"model": info.model},
        )
    coordinator = AirConditionerCoordinator(
        hass, entry, AirConditionerClient(client, description), info
    )
    await coordinator.async_config_entry_first_refresh()

    entry.runtime_data = XiaomiLivingRuntimeData(client=client, info=info, coordinator=coordinator)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: XiaomiLivingConfigEntry) -> bool:
    """Unload the platforms; the client closes through the entry's unload callbacks."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
