"""Device triggers: an air conditioner's mode and its target reached, a TV's power and source.

The triggers read Home Assistant's states of our entities, not the device: they fire on what the
climate and media player entities show after a poll or a command, whichever changed them.

- ``mode_changed``: the climate entity's state moves from one HVAC mode to another (``off``
  included), optionally only from or to a given mode, optionally held for a while.
- ``target_temperature_reached``: the unit was cooling or heating towards its target and now is
  not, in the same mode: its ``hvac_action`` goes from ``cooling`` or ``heating`` to ``idle``. The
  climate entity calls the unit idle once the room is within 0.5 °C of the target or past it (on
  the side the mode works towards), so this is "the room came within 0.5 °C of the target".
  Switching on, off or to another mode never counts.
- ``turned_on`` / ``turned_off``: the media player leaves ``off`` (for on, idle, playing ...) or
  goes to ``off`` (screen dark or fully off) from one of those.
- ``input_changed``: while the set is on, its ``source`` (an input, or an app) changes, optionally
  only to a given source. Turning the set on or off is not a change of source.
"""

from __future__ import annotations

from typing import Any, Final

import voluptuous as vol
from homeassistant.components.climate.const import (
    ATTR_HVAC_ACTION,
    ATTR_HVAC_MODES,
    HVACAction,
    HVACMode,
)
from homeassistant.components.climate.const import DOMAIN as CLIMATE_DOMAIN
from homeassistant.components.device_automation import DEVICE_TRIGGER_BASE_SCHEMA
from homeassistant.components.homeassistant.triggers import state as state_trigger
from homeassistant.components.media_player.const import (
    ATTR_INPUT_SOURCE,
    ATTR_INPUT_SOURCE_LIST,
)
from homeassistant.components.media_player.const import DOMAIN as MEDIA_PLAYER_DOMAIN
from homeassistant.const import (
    CONF_ATTRIBUTE,
    CONF_DEVICE_ID,
    CONF_DOMAIN,
    CONF_ENTITY_ID,
    CONF_FOR,
    CONF_PLATFORM,
    CONF_TYPE,
    STATE_OFF,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
)
from homeassistant.core import (
    CALLBACK_TYPE,
    Event,
    EventStateChangedData,
    HassJob,
    HomeAssistant,
    callback,
)
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.helpers.trigger import TriggerActionType, TriggerInfo
from homeassistant.helpers.typing import ConfigType

from .const import DOMAIN

CONF_FROM: Final = state_trigger.CONF_FROM
CONF_TO: Final = state_trigger.CONF_TO

MODE_CHANGED: Final = "mode_changed"
TARGET_TEMPERATURE_REACHED: Final = "target_temperature_reached"
TURNED_ON: Final = "turned_on"
TURNED_OFF: Final = "turned_off"
INPUT_CHANGED: Final = "input_changed"

AIR_CONDITIONER_TRIGGERS: Final = (MODE_CHANGED, TARGET_TEMPERATURE_REACHED)
TELEVISION_TRIGGERS: Final = (TURNED_ON, TURNED_OFF, INPUT_CHANGED)

HVAC_MODES: Final = [mode.value for mode in HVACMode]
# A media player that is none of these is on (on, idle, playing, paused, buffering ...).
NOT_ON: Final = [STATE_OFF, STATE_UNAVAILABLE, STATE_UNKNOWN]
_WORKING: Final = (HVACAction.COOLING, HVACAction.HEATING)

_BASE_SCHEMA: Final = DEVICE_TRIGGER_BASE_SCHEMA.extend(
    {vol.Required(CONF_ENTITY_ID): cv.entity_id_or_uuid}
)
_FOR: Final[dict[vol.Marker, Any]] = {vol.Optional(CONF_FOR): cv.positive_time_period_dict}

TRIGGER_SCHEMA: Final = vol.Any(
    _BASE_SCHEMA.extend(
        {
            vol.Required(CONF_TYPE): MODE_CHANGED,
            vol.Optional(CONF_FROM): vol.In(HVAC_MODES),
            vol.Optional(CONF_TO): vol.In(HVAC_MODES),
            **_FOR,
        }
    ),
    _BASE_SCHEMA.extend({vol.Required(CONF_TYPE): TARGET_TEMPERATURE_REACHED}),
    _BASE_SCHEMA.extend({vol.Required(CONF_TYPE): vol.In([TURNED_ON, TURNED_OFF]), **_FOR}),
    _BASE_SCHEMA.extend(
        {
            vol.Required(CONF_TYPE): INPUT_CHANGED,
            vol.Optional(CONF_TO): cv.string,
            **_FOR,
        }
    ),
)


@callback
def device_entity(hass: HomeAssistant, device_id: str) -> er.RegistryEntry | None:
    """Return the climate or media player entity of one of our devices, if it has one."""
    registry = er.async_get(hass)
    return next(
        (
            entry
            for entry in er.async_entries_for_device(registry, device_id)
            if entry.platform == DOMAIN and entry.domain in (CLIMATE_DOMAIN, MEDIA_PLAYER_DOMAIN)
        ),
        None,
    )


@callback
def entity_choices(hass: HomeAssistant, entity_id_or_uuid: str, attribute: str) -> list[str]:
    """Return a list attribute of an entity (its modes, its sources) to choose from.

    The entity's state has the list Home Assistant shows now; the registry keeps the last one
    (capabilities) while the entity is not loaded.
    """
    registry = er.async_get(hass)
    entity_id = er.async_resolve_entity_id(registry, entity_id_or_uuid)
    if entity_id is None:
        return []
    if (state := hass.states.get(entity_id)) is not None and attribute in state.attributes:
        return [str(choice) for choice in state.attributes[attribute]]
    entry = registry.async_get(entity_id)
    capabilities = (entry.capabilities if entry else None) or {}
    return [str(choice) for choice in capabilities.get(attribute) or []]


@callback
def hvac_mode_choices(hass: HomeAssistant, entity_id_or_uuid: str) -> list[str]:
    """Return the HVAC modes of an air conditioner (every mode when it is not known yet)."""
    return entity_choices(hass, entity_id_or_uuid, ATTR_HVAC_MODES) or HVAC_MODES


@callback
def source_validator(hass: HomeAssistant, entity_id_or_uuid: str) -> Any:
    """Return what a source field accepts: one of the set's sources, or text while it has none."""
    sources = entity_choices(hass, entity_id_or_uuid, ATTR_INPUT_SOURCE_LIST)
    return vol.In(sources) if sources else cv.string


def device_automations(
    hass: HomeAssistant,
    device_id: str,
    kind: tuple[str, str],
    types: dict[str, tuple[str, ...]],
) -> list[dict[str, Any]]:
    """List a device's triggers or conditions, the ``types`` its entity's domain has.

    ``kind`` is the key and value that say which: (platform, "device") or (condition, "device").
    """
    if (entry := device_entity(hass, device_id)) is None:
        return []
    key, value = kind
    return [
        {
            key: value,
            CONF_DEVICE_ID: device_id,
            CONF_DOMAIN: DOMAIN,
            CONF_ENTITY_ID: entry.id,
            CONF_TYPE: automation_type,
        }
        for automation_type in types[entry.domain]
    ]


async def async_get_triggers(hass: HomeAssistant, device_id: str) -> list[dict[str, Any]]:
    """List the triggers of an air conditioner or a TV."""
    return device_automations(
        hass,
        device_id,
        (CONF_PLATFORM, "device"),
        {CLIMATE_DOMAIN: AIR_CONDITIONER_TRIGGERS, MEDIA_PLAYER_DOMAIN: TELEVISION_TRIGGERS},
    )


async def async_get_trigger_capabilities(
    hass: HomeAssistant, config: ConfigType
) -> dict[str, vol.Schema]:
    """List the fields a trigger takes: modes and sources from the device itself."""
    trigger_type = config[CONF_TYPE]
    duration = vol.Optional(CONF_FOR)
    if trigger_type == MODE_CHANGED:
        modes = hvac_mode_choices(hass, config[CONF_ENTITY_ID])
        fields = {
            vol.Optional(CONF_FROM): vol.In(modes),
            vol.Optional(CONF_TO): vol.In(modes),
            duration: cv.positive_time_period_dict,
        }
    elif trigger_type == INPUT_CHANGED:
        fields = {
            vol.Optional(CONF_TO): source_validator(hass, config[CONF_ENTITY_ID]),
            duration: cv.positive_time_period_dict,
        }
    elif trigger_type in (TURNED_ON, TURNED_OFF):
        fields = {duration: cv.positive_time_period_dict}
    else:
        return {}
    return {"extra_fields": vol.Schema(fields)}


async def async_attach_trigger(
    hass: HomeAssistant,
    config: ConfigType,
    action: TriggerActionType,
    trigger_info: TriggerInfo,
) -> CALLBACK_TYPE:
    """Attach a trigger: Home Assistant's state trigger, or our own for the target reached."""
    trigger_type = config[CONF_TYPE]
    if trigger_type == TARGET_TEMPERATURE_REACHED:
        return _attach_target_reached(hass, config, action, trigger_info)
    state_config: dict[str, Any] = {
        CONF_PLATFORM: "state",
        CONF_ENTITY_ID: config[CONF_ENTITY_ID],
    }
    if trigger_type == MODE_CHANGED:
        # From a mode to another mode: never from or to unavailable or unknown.
        state_config[CONF_FROM] = [config[CONF_FROM]] if CONF_FROM in config else HVAC_MODES
        state_config[CONF_TO] = [config[CONF_TO]] if CONF_TO in config else HVAC_MODES
    elif trigger_type == TURNED_ON:
        state_config[CONF_FROM] = STATE_OFF
        state_config[state_trigger.CONF_NOT_TO] = NOT_ON
    elif trigger_type == TURNED_OFF:
        state_config[state_trigger.CONF_NOT_FROM] = NOT_ON
        state_config[CONF_TO] = STATE_OFF
    else:  # INPUT_CHANGED: the source of a set that is on has none while it is off
        state_config[CONF_ATTRIBUTE] = ATTR_INPUT_SOURCE
        state_config[state_trigger.CONF_NOT_FROM] = [None]
        if CONF_TO in config:
            state_config[CONF_TO] = config[CONF_TO]
        else:
            state_config[state_trigger.CONF_NOT_TO] = [None]
    if CONF_FOR in config:
        state_config[CONF_FOR] = config[CONF_FOR]
    state_config = await state_trigger.async_validate_trigger_config(hass, state_config)
    return await state_trigger.async_attach_trigger(
        hass, state_config, action, trigger_info, platform_type="device"
    )


@callback
def _attach_target_reached(
    hass: HomeAssistant,
    config: ConfigType,
    action: TriggerActionType,
    trigger_info: TriggerInfo,
) -> CALLBACK_TYPE:
    """Fire when the unit goes from cooling or heating to idle without a change of mode."""
    entity_id = er.async_validate_entity_id(er.async_get(hass), config[CONF_ENTITY_ID])
    job = HassJob(action, f"target temperature reached trigger {trigger_info}")
    trigger_data = trigger_info["trigger_data"]

    @callback
    def state_changed(event: Event[EventStateChangedData]) -> None:
        old, new = event.data["old_state"], event.data["new_state"]
        if (
            old is None
            or new is None
            or old.state != new.state
            or old.attributes.get(ATTR_HVAC_ACTION) not in _WORKING
            or new.attributes.get(ATTR_HVAC_ACTION) != HVACAction.IDLE
        ):
            return
        hass.async_run_hass_job(
            job,
            {
                "trigger": {
                    **trigger_data,
                    CONF_PLATFORM: "device",
                    CONF_DOMAIN: DOMAIN,
                    CONF_DEVICE_ID: config[CONF_DEVICE_ID],
                    CONF_TYPE: TARGET_TEMPERATURE_REACHED,
                    CONF_ENTITY_ID: entity_id,
                    "from_state": old,
                    "to_state": new,
                    "description": f"{entity_id} reached its target temperature",
                }
            },
            event.context,
        )

    return async_track_state_change_event(hass, entity_id, state_changed)
