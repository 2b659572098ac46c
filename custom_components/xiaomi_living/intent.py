"""Assist intents for what Home Assistant has no intent for, registered as Home Assistant loads us.

The handlers live in the ``intents`` package: the air conditioner intents in ``intents.climate``,
the TV intents in ``intents.tv``, what they share in ``intents.base`` (answering, acting),
``intents.matching`` (finding the one target) and ``intents.speech`` (the answers, per language).
"""

from __future__ import annotations

from typing import Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers import intent

from .intents.base import TargetedIntentHandler
from .intents.climate import CLIMATE_INTENT_HANDLERS
from .intents.tv import TV_INTENT_HANDLERS

# Every intent this integration registers.
INTENT_HANDLERS: Final[tuple[type[TargetedIntentHandler], ...]] = (
    *CLIMATE_INTENT_HANDLERS,
    *TV_INTENT_HANDLERS,
)


async def async_setup_intents(hass: HomeAssistant) -> None:
    """Register the integration's intents (Home Assistant calls this once it loads us)."""
    for handler in INTENT_HANDLERS:
        intent.async_register(hass, handler())
