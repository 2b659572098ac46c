"""LLM tools for Home Assistant's ``llm`` integration (2026.10 and later; inert before).

Up to 2026.2 every registered intent becomes an Assist API tool by itself, ours included, and no
``llm`` integration exists to load this platform. From 2026.10 an intent is a tool only where an
integration offers it here: names prefixed ``xiaomi_living__``, ``integration`` set, tools that
return ``llm.ToolResult`` (``llm.IntentTool`` does), for the Assist API only. So that an LLM can do
on the newer versions what it could on 2026.2, every intent of ours is offered, while an entity of
the domain it acts on is exposed to the assistant (as 2026.2 filtered them by the handler's
``platforms``).
"""

from __future__ import annotations

import importlib
from typing import Any, Final, cast

from homeassistant.components.homeassistant.exposed_entities import async_should_expose
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import intent, llm

from .const import DOMAIN
from .intent import INTENT_HANDLERS
from .intents.climate import INTENT_CLIMATE_ADJUST_TEMPERATURE
from .intents.tv import (
    INTENT_TV_ADJUST_VOLUME,
    INTENT_TV_CHANGE_CHANNEL,
    INTENT_TV_PRESS_KEY,
)

LLM_COMPONENT: Final = "homeassistant.components.llm"
TOOL_PREFIX: Final = f"{DOMAIN}__"
# Intents whose effect adds up when called again ("two degrees warmer", "press down"); the others
# set a value, and a repeated call changes nothing more.
CUMULATIVE_INTENTS: Final = frozenset(
    {
        INTENT_CLIMATE_ADJUST_TEMPERATURE,
        INTENT_TV_ADJUST_VOLUME,
        INTENT_TV_PRESS_KEY,
        INTENT_TV_CHANGE_CHANNEL,
    }
)


@callback
def async_get_tools(
    hass: HomeAssistant, llm_context: llm.LLMContext, api_id: str = llm.LLM_API_ASSIST
) -> Any:
    """Return our tools (an ``LLMTools``) for the Assist API, or None when we have none.

    Home Assistant's ``llm`` integration calls this with ``api_id``. Without that integration
    (Home Assistant before 2026.10, where our intents are tools by themselves) there is nothing
    to return.
    """
    llm_tools = _llm_tools_class()
    if llm_tools is None or api_id != llm.LLM_API_ASSIST or not llm_context.assistant:
        return None
    registered = {handler.intent_type: handler for handler in intent.async_get(hass)}
    ours = [
        registered[handler.intent_type]
        for handler in INTENT_HANDLERS
        if handler.intent_type in registered
    ]
    domains = set().union(*(handler.platforms or () for handler in ours))
    exposed = {domain for domain in domains if _any_exposed(hass, llm_context.assistant, domain)}
    tools = [intent_tool(handler) for handler in ours if (handler.platforms or set()) & exposed]
    if not tools:
        return None
    return llm_tools(tools=tools)


def intent_tool(handler: intent.IntentHandler) -> llm.Tool:
    """Wrap one of our intent handlers as a prefixed tool that names this integration."""
    options: dict[str, Any] = {"integration": DOMAIN}
    # Only in the Home Assistant versions that load this platform (2026.10 and later)
    if (annotations := getattr(llm, "ToolAnnotations", None)) is not None:
        cumulative = handler.intent_type in CUMULATIVE_INTENTS
        options["annotations"] = annotations(idempotent=not cumulative, open_world=False)
    return cast(
        "llm.Tool",
        llm.IntentTool(f"{TOOL_PREFIX}{handler.intent_type}", handler, **options),
    )


def _llm_tools_class() -> Any:
    """Return ``homeassistant.components.llm.LLMTools``, or None before 2026.10."""
    try:
        module = importlib.import_module(LLM_COMPONENT)
    except ImportError:
        return None
    return getattr(module, "LLMTools", None)


def _any_exposed(hass: HomeAssistant, assistant: str, domain: str) -> bool:
    return any(
        async_should_expose(hass, assistant, state.entity_id)
        for state in hass.states.async_all(domain)
    )
