"""LLM tools for Home Assistant's ``llm`` integration (2026.8 and later; inert before).

Up to 2026.2 every registered intent becomes an Assist API tool by itself, ours included, and no
``llm`` integration exists to load this platform. From the LLM tool platform on, an integration
offers its tools here: names prefixed ``xiaomi_living__``, ``integration`` set, and only for the
Assist API while an air conditioner or a media player is exposed. On/off, set temperature, volume,
mute and pause are left to Home Assistant's own tools (HassTurnOn, HassClimateSetTemperature,
HassSetVolume, HassMediaPlayerMute, HassMediaPause ...); the rest are ours.
"""

from __future__ import annotations

import inspect
import sys
from typing import Any, Final, cast

from homeassistant.components.climate.const import DOMAIN as CLIMATE_DOMAIN
from homeassistant.components.homeassistant.exposed_entities import async_should_expose
from homeassistant.components.media_player.const import DOMAIN as MEDIA_PLAYER_DOMAIN
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import intent, llm

from .const import DOMAIN
from .intent_climate import (
    INTENT_CLIMATE_ADJUST_TEMPERATURE,
    INTENT_CLIMATE_SET_FAN_SPEED,
    INTENT_CLIMATE_SET_MODE,
    INTENT_CLIMATE_SET_PRESET,
    INTENT_CLIMATE_SET_SWING,
)
from .intent_tv import (
    INTENT_TV_ADJUST_VOLUME,
    INTENT_TV_CHANGE_CHANNEL,
    INTENT_TV_OPEN_APP,
    INTENT_TV_PRESS_KEY,
    INTENT_TV_SELECT_INPUT,
    INTENT_TV_SET_SCREEN,
)

# Intents offered as LLM tools, by the domain whose exposed entities they act on.
LLM_INTENTS: Final = {
    CLIMATE_DOMAIN: (
        INTENT_CLIMATE_SET_MODE,
        INTENT_CLIMATE_ADJUST_TEMPERATURE,
        INTENT_CLIMATE_SET_FAN_SPEED,
        INTENT_CLIMATE_SET_SWING,
        INTENT_CLIMATE_SET_PRESET,
    ),
    MEDIA_PLAYER_DOMAIN: (
        INTENT_TV_SELECT_INPUT,
        INTENT_TV_OPEN_APP,
        INTENT_TV_ADJUST_VOLUME,
        INTENT_TV_PRESS_KEY,
        INTENT_TV_CHANGE_CHANNEL,
        INTENT_TV_SET_SCREEN,
    ),
}
LLM_COMPONENT: Final = "homeassistant.components.llm"
TOOL_PREFIX: Final = f"{DOMAIN}__"


@callback
def async_get_tools(
    hass: HomeAssistant, llm_context: llm.LLMContext, api_id: str = llm.LLM_API_ASSIST
) -> Any:
    """Return our tools (an ``LLMTools``) for the Assist API, or None when we have none.

    Home Assistant calls this with ``api_id``; the default keeps an earlier two-argument call
    working. Without the ``llm`` integration loaded (Home Assistant before the tool platform)
    there is nothing to return.
    """
    llm_component = sys.modules.get(LLM_COMPONENT)
    if llm_component is None or api_id != llm.LLM_API_ASSIST or not llm_context.assistant:
        return None
    handlers = {handler.intent_type: handler for handler in intent.async_get(hass)}
    tools = [
        intent_tool(f"{TOOL_PREFIX}{intent_type}", handlers[intent_type])
        for domain, intent_types in LLM_INTENTS.items()
        if _any_exposed(hass, llm_context.assistant, domain)
        for intent_type in intent_types
        if intent_type in handlers
    ]
    if not tools:
        return None
    return llm_component.LLMTools(tools=tools)


def intent_tool(name: str, handler: intent.IntentHandler) -> llm.Tool:
    """Wrap an intent handler as a tool that names this integration as its provider."""
    if "integration" in inspect.signature(llm.IntentTool).parameters:
        return llm.IntentTool(name, handler, **cast("dict[str, Any]", {"integration": DOMAIN}))
    tool = llm.IntentTool(name, handler)
    tool.__dict__["integration"] = DOMAIN
    return tool


def _any_exposed(hass: HomeAssistant, assistant: str, domain: str) -> bool:
    return any(
        async_should_expose(hass, assistant, state.entity_id)
        for state in hass.states.async_all(domain)
    )
