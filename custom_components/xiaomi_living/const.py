"""Constants for the Xiaomi Living integration."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Final

from homeassistant.const import Platform

DOMAIN: Final = "xiaomi_living"
LOGGER: Final = logging.getLogger(__package__)

# Platforms are added here as the AC and TV entities land.
PLATFORMS: Final[list[Platform]] = []

DEFAULT_SCAN_INTERVAL: Final = timedelta(seconds=15)

# Model families this integration controls; anything else is declined at setup.
SUPPORTED_MODEL_PREFIXES: Final = (
    "xiaomi.aircondition.",
    "zhimi.aircondition.",
    "lumi.acpartner.",
    "xiaomi.tv.",
    "xiaomi.tvbox.",
)

CONF_MODEL: Final = "model"
CONF_MAC: Final = "mac"


def is_supported_model(model: str) -> bool:
    """Tell whether a model reported by miIO.info belongs to a family we control."""
    return model.lower().startswith(SUPPORTED_MODEL_PREFIXES)
