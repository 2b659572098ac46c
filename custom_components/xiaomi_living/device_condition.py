"""Device conditions: an air conditioner's mode and power, a TV's power and source.

Like the triggers (``device_trigger.py``) they read the states Home Assistant shows:

- ``is_mode``: the climate entity is in the given HVAC mode (``off`` included).
- ``is_on`` / ``is_off``: an AC is in any mode but ``off``, or ``off``; a TV is on (on, idle,
  playing ...), or ``off`` (screen dark or fully off). Unavailable or unknown is neither.
- ``is_input``: the TV is on and its source (an input, or an app) is the given one.
"""

from __future__ import annotations

from typing import Any, Final

import voluptuous as vol
from homeassistant.components.climate.const import DOMAIN as CLIMATE_DOMAIN
from homeassistant.components.media_player.const import ATTR_INPUT_SOURCE
from homeassistant.components.media_player.const import DOMAIN as MEDIA_PLAYER_DOMAIN
from homeassistant.const import (
    CONF_CONDITION,
    CONF_ENTITY_ID,
    CONF_TYPE,
    STATE_BUFFERING,
    STATE_IDLE,
    STATE_OFF,
    STATE_ON,
    STATE_PAUSED,
    STATE_PLAYING,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import condition
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.config_validation import DEVICE_CONDITION_BASE_SCHEMA
from homeassistant.helpers.typing import ConfigType, TemplateVarsType

from .device_trigger import (
    HVAC_MODES,
    device_automations,
    hvac_mode_choices,
    source_validator,
)

CONF_MODE: Final = "mode"
CONF_SOURCE: Final = "source"

IS_MODE: Final = "is_mode"
IS_ON: Final = "is_on"
IS_OFF: Final = "is_off"
IS_INPUT: Final = "is_input"

AIR_CONDITIONER_CONDITIONS: Final = (IS_MODE, IS_ON, IS_OFF)
TELEVISION_CONDITIONS: Final = (IS_ON, IS_OFF, IS_INPUT)

# The states in which each kind of device is on.
_AC_ON: Final = [mode for mode in HVAC_MODES if mode != STATE_OFF]
_TV_ON: Final = [STATE_ON, STATE_IDLE, STATE_PLAYING, STATE_PAUSED, STATE_BUFFERING]

_BASE_SCHEMA: Final = DEVICE_CONDITION_BASE_SCHEMA.extend(
    {vol.Required(CONF_ENTITY_ID): cv.entity_id_or_uuid}
)

CONDITION_SCHEMA: Final = vol.Any(
    _BASE_SCHEMA.extend(
        {vol.Required(CONF_TYPE): IS_MODE, vol.Required(CONF_MODE): vol.In(HVAC_MODES)}
    ),
    _BASE_SCHEMA.extend({vol.Required(CONF_TYPE): vol.In([IS_ON, IS_OFF])}),
    _BASE_SCHEMA.extend({vol.Required(CONF_TYPE): IS_INPUT, vol.Required(CONF_SOURCE): cv.string}),
)


async def async_get_conditions(hass: HomeAssistant, device_id: str) -> list[dict[str, Any]]:
    """List the conditions of an air conditioner or a TV."""
    return device_automations(
        hass,
        device_id,
        (CONF_CONDITION, "device"),
        {CLIMATE_DOMAIN: AIR_CONDITIONER_CONDITIONS, MEDIA_PLAYER_DOMAIN: TELEVISION_CONDITIONS},
    )


async def async_get_condition_capabilities(
    hass: HomeAssistant, config: ConfigType
) -> dict[str, vol.Schema]:
    """List the fields a condition takes: modes and sources from the device itself."""
    if config[CONF_TYPE] == IS_MODE:
        modes = hvac_mode_choices(hass, config[CONF_ENTITY_ID])
        return {"extra_fields": vol.Schema({vol.Required(CONF_MODE): vol.In(modes)})}
    if config[CONF_TYPE] == IS_INPUT:
        sources = source_validator(hass, config[CONF_ENTITY_ID])
        return {"extra_fields": vol.Schema({vol.Required(CONF_SOURCE): sources})}
    return {}


@callback
def async_condition_from_config(
    hass: HomeAssistant, config: ConfigType
) -> condition.ConditionCheckerType:
    """Return the test of a condition, on the entity's state when it is asked."""
    entity_id = er.async_validate_entity_id(er.async_get(hass), config[CONF_ENTITY_ID])
    condition_type = config[CONF_TYPE]
    attribute: str | None = None
    wanted: str | list[str]
    if condition_type == IS_MODE:
        wanted = config[CONF_MODE]
    elif condition_type == IS_INPUT:
        wanted, attribute = config[CONF_SOURCE], ATTR_INPUT_SOURCE
    elif condition_type == IS_OFF:
        wanted = STATE_OFF
    else:  # IS_ON
        wanted = _AC_ON if entity_id.startswith(f"{CLIMATE_DOMAIN}.") else _TV_ON

    def test(hass: HomeAssistant, variables: TemplateVarsType) -> bool:
        return condition.state(hass, entity_id, wanted, attribute=attribute)

    return test
