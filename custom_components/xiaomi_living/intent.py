"""Assist intents for what Home Assistant has no intent for, registered as Home Assistant loads us.

The air conditioner intents live in ``intent_climate``, the TV intents in ``intent_tv``, what they
share (spoken answers, finding the one target) in ``intent_base``.
"""

from __future__ import annotations

from typing import Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers import intent

from .intent_base import TargetedIntentHandler
from .intent_climate import CLIMATE_INTENT_HANDLERS
from .intent_tv import TV_INTENT_HANDLERS

# Every intent this integration registers.
INTENT_HANDLERS: Final[tuple[type[TargetedIntentHandler], ...]] = (
    *CLIMATE_INTENT_HANDLERS,
    *TV_INTENT_HANDLERS,
)


async def async_setup_intents(hass: HomeAssistant) -> None:
    """Register the integration's intents (Home Assistant calls this once it loads us)."""
    for handler in INTENT_HANDLERS:
        intent.async_register(hass, handler())
