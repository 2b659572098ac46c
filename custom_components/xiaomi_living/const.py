"""Constants for the Xiaomi Living integration."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Final

DOMAIN: Final = "xiaomi_living"
LOGGER: Final = logging.getLogger(__package__)

DEFAULT_SCAN_INTERVAL: Final = timedelta(seconds=15)

# Each wait for a device's answer, and how many times an unanswered request is sent again: a
# call gives up after MIIO_TIMEOUT x (MIIO_RETRIES + 1) seconds, well inside the poll interval.
MIIO_TIMEOUT = 2.0
MIIO_RETRIES = 3

# TVs: how long a poll waits for each channel of a set that may be off (a set that is on answers
# at once), and the HTTP API's port and timeout. They are read at setup, so tests can shorten them.
# (Where wake-on-LAN packets go is the client's default, see TelevisionCoordinator.)
TV_ALIVE_TIMEOUT = 3.0
TV_HTTP_PORT = 6095
TV_HTTP_TIMEOUT = 5.0

# The translation key, and unique id suffix, of a TV's screen switch: Assist's screen intent
# looks the switch up by it.
SCREEN_SWITCH_KEY: Final = "screen"

CONF_MODEL: Final = "model"
CONF_MAC: Final = "mac"

# Options (set in the options flow; the entry reloads when they change)
CONF_SCAN_INTERVAL: Final = "scan_interval"  # seconds, 5-300
CONF_TV_TURN_OFF: Final = "tv_turn_off"  # how turn_off switches a TV off
TV_TURN_OFF_SCREEN: Final = "screen_off"  # MIoT speaker mode: dark screen, can come back on
TV_TURN_OFF_POWER: Final = "power_off"  # full power-off: only wake-on-LAN brings it back
CONF_WAKE_ON_LAN: Final = "wake_on_lan"  # send a magic packet to wake a fully-off TV
# Home Assistant 2026.4+ (its infrared entity platform): the emitter that sends a fully-off TV its
# power key, and that key as a Pronto hex string (learned through a receiver, or pasted).
CONF_TV_IR_EMITTER: Final = "tv_ir_emitter"
CONF_TV_IR_POWER_CODE: Final = "tv_ir_power_code"
CONF_TV_IR_RECEIVER: Final = "tv_ir_receiver"  # options form only: where the key is learned

# A TV turned on from full power-off (wake-on-LAN, IR power key) must answer on one of its
# channels within this many seconds, or turn_on says it did not; between two reads that fail at
# once (an HTTP-only set refuses connections while it boots) we pause this long. How long the
# options flow listens on a receiver for the TV's power key. Read at call time: tests shorten them.
TV_POWER_ON_TIMEOUT = 30.0
TV_POWER_ON_RETRY_INTERVAL = 1.0
TV_IR_LEARN_TIMEOUT = 15.0
CONF_VOICE_SENTENCES: Final = "voice_sentences"  # offer our Assist sentences to the default agent
