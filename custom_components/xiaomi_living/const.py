"""Constants for the Xiaomi Living integration."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Final

from homeassistant.const import Platform

DOMAIN: Final = "xiaomi_living"
LOGGER: Final = logging.getLogger(__package__)

PLATFORMS: Final[list[Platform]] = [Platform.CLIMATE, Platform.SENSOR, Platform.SWITCH]

DEFAULT_SCAN_INTERVAL: Final = timedelta(seconds=15)

# Each wait for a device's answer, and how many times an unanswered request is sent again: a
# call gives up after MIIO_TIMEOUT x (MIIO_RETRIES + 1) seconds, well inside the poll interval.
MIIO_TIMEOUT = 2.0
MIIO_RETRIES = 3

CONF_MODEL: Final = "model"
CONF_MAC: Final = "mac"
