"""Helpers for the Assist tests: a real conversation stack on a temporary config directory.

These are plain functions, not fixtures, so the test modules need no plugin registration.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import area_registry as ar
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.xiaomi_living import assist
from tests.simulator.device import SimulatedDevice
from tests.simulator.tv import SimulatedTv

# An mc4 that is on, cooling at 26 °C, fan on auto, not swinging, no preset.
MC4_BASELINE: Mapping[str, Any] = {
    "power": True,
    "mode": 2,
    "target_temperature": 26.0,
    "fan_level": 0,
    "vertical_swing": False,
    "eco": False,
    "sleep_mode": False,
}
# The intent types the tests expect, by what they do.
SET_MODE = "XiaomiLivingClimateSetMode"
SET_TEMPERATURE = "XiaomiLivingClimateSetTemperature"
ADJUST = "XiaomiLivingClimateAdjustTemperature"
FAN = "XiaomiLivingClimateSetFanSpeed"
SWING = "XiaomiLivingClimateSetSwing"
PRESET = "XiaomiLivingClimateSetPreset"
AC_ON = "XiaomiLivingClimateTurnOn"
AC_OFF = "XiaomiLivingClimateTurnOff"
TV_ON = "XiaomiLivingTvTurnOn"
TV_OFF = "XiaomiLivingTvTurnOff"
INPUT = "XiaomiLivingTvSelectInput"
APP = "XiaomiLivingTvOpenApp"
VOLUME = "XiaomiLivingTvAdjustVolume"
SET_VOLUME = "XiaomiLivingTvSetVolume"
MUTE = "XiaomiLivingTvSetMute"
KEY = "XiaomiLivingTvPressKey"
CHANNEL = "XiaomiLivingTvChangeChannel"
SCREEN = "XiaomiLivingTvSetScreen"
PLAYBACK = "XiaomiLivingTvSetPlayback"
UNSUPPORTED = "XiaomiLivingTvUnsupportedSetting"

# mc4 wire values of the HVAC modes
MC4_MODES: Mapping[str, int] = {"cool": 2, "dry": 3, "fan_only": 4, "heat": 5}


def _prepare_config_dir(config_dir: Path) -> None:
    # conversation.reload re-reads configuration.yaml, which a real config always has
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "configuration.yaml").write_text("", encoding="utf-8")


# Each new default agent compiles a regular expression per sentence template (about 800 in
# English) to pre-filter them; Python's cache of compiled patterns keeps 512, so every test would
# compile them all again, slowly under coverage. A larger cache lets later tests reuse them.
_PATTERN_CACHE_SIZE = 8192


async def async_setup_voice(hass: HomeAssistant, config_dir: Path) -> None:
    """Point Home Assistant at a temporary config dir and load the conversation stack."""
    re._MAXCACHE = max(re._MAXCACHE, _PATTERN_CACHE_SIZE)  # type: ignore[attr-defined]
    hass.config.config_dir = str(config_dir)
    await hass.async_add_executor_job(_prepare_config_dir, config_dir)
    for component in ("homeassistant", "intent", "conversation"):
        assert await async_setup_component(hass, component, {})


async def async_install(hass: HomeAssistant) -> None:
    """Install the sentences as the integration does at entry setup."""
    assert await assist.async_sync_sentences(hass) in (True, False)


async def async_converse(
    hass: HomeAssistant, text: str, language: str, device_id: str | None = None
) -> conversation.ConversationResult:
    """Say one sentence to the default agent."""
    return await conversation.async_converse(
        hass, text, None, Context(), language=language, device_id=device_id
    )


def put_in_area(hass: HomeAssistant, entry: MockConfigEntry, area_name: str) -> str:
    """Put the entry's device in an area (created if needed); return the area id."""
    areas = ar.async_get(hass)
    area = areas.async_get_area_by_name(area_name) or areas.async_create(area_name)
    devices = dr.async_get(hass)
    (device,) = dr.async_entries_for_config_entry(devices, entry.entry_id)
    devices.async_update_device(device.id, area_id=area.id)
    return area.id


def add_alias(hass: HomeAssistant, entity_id: str, alias: str) -> None:
    """Give an entity one more alias, keeping the ones it has.

    Before 2026.10 the aliases are a set of strings; from then on an ordered list that may hold
    ``er.COMPUTED_NAME`` (the entity's own name), which must stay for the name to be heard.
    """
    registry = er.async_get(hass)
    entry = registry.async_get(entity_id)
    assert entry is not None
    aliases: Any = entry.aliases
    new = [*aliases, alias] if isinstance(aliases, list) else {*aliases, alias}
    registry.async_update_entity(entity_id, aliases=new)


@dataclass(frozen=True, slots=True)
class VoiceCase:
    """One sentence, what it must do to the device, and what must be said back."""

    text: str
    props: Mapping[str, Any] = field(default_factory=dict)
    # One answer, or the alternatives one of which must be said (Home Assistant's own answers
    # differ between versions: one alternative per version).
    speech: str | tuple[str, ...] | None = None
    intent: str | None = None
    before: Mapping[str, Any] = field(default_factory=dict)
    response_type: str = "action_done"


def _answer_problems(
    result: conversation.ConversationResult, case: VoiceCase | TvVoiceCase
) -> tuple[str | None, list[str]]:
    """Return what was said, and how the answer differs from the case's expectations."""
    response = result.response
    speech = response.speech.get("plain", {}).get("speech")
    problems = []
    if response.response_type.value != case.response_type:
        problems.append(f"response {response.response_type.value}")
    wanted = (case.speech,) if isinstance(case.speech, str) else case.speech
    if wanted is not None and speech not in wanted:
        problems.append(f"speech {speech!r} != {' or '.join(map(repr, wanted))}")
    intent_type = response.intent.intent_type if response.intent else None
    if case.intent is not None and intent_type != case.intent:
        problems.append(f"intent {intent_type} != {case.intent}")
    return speech, problems


async def async_run_cases(
    hass: HomeAssistant,
    device: SimulatedDevice,
    entry: MockConfigEntry,
    cases: list[VoiceCase],
    language: str,
    baseline: Mapping[str, Any] = MC4_BASELINE,
) -> list[str]:
    """Run every case from the same starting state; return the failures, described."""
    coordinator = entry.runtime_data.coordinator
    failures: list[str] = []
    for case in cases:
        device.props.update({**baseline, **case.before})
        await coordinator.async_refresh()
        result = await async_converse(hass, case.text, language)
        speech, problems = _answer_problems(result, case)
        wrong = {
            key: device.props.get(key)
            for key, value in case.props.items()
            if device.props.get(key) != value
        }
        if wrong:
            problems.append(f"device {wrong} != {dict(case.props)} (said {speech!r})")
        if problems:
            failures.append(f"[{language}] {case.text!r}: " + "; ".join(problems))
    return failures


# A TV that is on, showing HDMI 1 at volume 30, not muted, no app of ours in front.
TV_BASELINE: Mapping[str, Any] = {
    "power": "on",
    "volume": 30,
    "muted": False,
    "input_source": "HDMI 1",
    "foreground_app": None,
}


@dataclass(frozen=True, slots=True)
class TvVoiceCase:
    """One sentence to a TV: the simulated set's state afterwards, the keys it got, the answer."""

    text: str
    expect: Mapping[str, Any] = field(default_factory=dict)
    speech: str | tuple[str, ...] | None = None
    intent: str | None = None
    before: Mapping[str, Any] = field(default_factory=dict)
    keys: tuple[str, ...] | None = ()
    response_type: str = "action_done"


async def async_run_tv_cases(
    hass: HomeAssistant,
    tv: SimulatedTv,
    entry: MockConfigEntry,
    cases: list[TvVoiceCase],
    language: str,
) -> list[str]:
    """Run every case from the same starting state of the set; return the failures, described.

    ``keys`` are the remote keys the set must have received (None: not checked).
    """
    coordinator = entry.runtime_data.coordinator
    failures: list[str] = []
    for case in cases:
        for name, value in {**TV_BASELINE, **case.before}.items():
            setattr(tv.tv, name, value)
        coordinator.device.forget_session()
        await coordinator.async_refresh()
        tv.tv.keys_pressed.clear()
        result = await async_converse(hass, case.text, language)
        speech, problems = _answer_problems(result, case)
        wrong = {
            name: getattr(tv.tv, name)
            for name, value in case.expect.items()
            if getattr(tv.tv, name) != value
        }
        if wrong:
            problems.append(f"set {wrong} != {dict(case.expect)} (said {speech!r})")
        if case.keys is not None and tuple(tv.tv.keys_pressed) != case.keys:
            problems.append(f"keys {tv.tv.keys_pressed} != {list(case.keys)}")
        if problems:
            failures.append(f"[{language}] {case.text!r}: " + "; ".join(problems))
    return failures
