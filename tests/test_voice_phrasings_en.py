"""What people actually say in English, to two ACs in two rooms and a TV (issue 15).

The home: "Study AC" in the area Study, "Living room AC" in the area Living Room (both mc4: cool,
dry, fan, heat; fan auto and levels 1-7; eco and sleep; 16-31 °C in half degrees), "Living room
TV" in the area Living Room, and the areas Kitchen and Bedroom with no AC. Every sentence starts
from the same state (both ACs on, cooling at 26 °C, fan auto, no preset; the TV on, HDMI 1,
volume 30, not muted) and is checked on both simulated ACs and the simulated TV, in the answer
spoken and in the intent that handled it. None may be answered by Home Assistant's generic "Sorry,
I couldn't understand that": each names one of our devices or a room one is in. A refusal also
checks that nothing was sent: no write reached either AC, no key and no change reached the TV.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import area_registry as ar
from homeassistant.helpers import intent
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tests.assist_fixtures import (
    AC_OFF,
    AC_ON,
    ADJUST,
    FAN,
    INPUT,
    MC4_BASELINE,
    MC4_MODES,
    MUTE,
    PRESET,
    SET_MODE,
    SET_TEMPERATURE,
    SET_VOLUME,
    TV_BASELINE,
    TV_OFF,
    TV_ON,
    VOLUME,
    async_converse,
    async_install,
    async_setup_voice,
    put_in_area,
)
from tests.conftest import AddDevice, AddTv
from tests.simulator.device import SimulatedDevice
from tests.simulator.fleet import Simulator
from tests.simulator.tv import SimulatedTv

COOL, HEAT = MC4_MODES["cool"], MC4_MODES["heat"]
OFF = {"power": False}
DARK = {"power": "screen_off"}
ERROR = "error"
NOT_UNDERSTOOD = "Sorry, I couldn't understand that"
WHICH_AC = "Which air conditioner do you mean: Living room AC and Study AC?"
TV_INPUTS = "TV, AV, HDMI 1, HDMI 2 and HDMI 3"
# Home Assistant's own answer to "switch the study AC off" (its HassTurnOff, kept by the guard)
HA_TURNED_OFF = ("Turned off the thermostat", "Turned off Study AC", "Turned off")
# Methods that change a simulated AC (reads are get_properties / miIO.info)
_WRITES = ("set_", "action")


@dataclass(frozen=True, slots=True)
class Said:
    """One sentence: what each device looks like afterwards, and what is said back.

    ``study``, ``living`` and ``tv`` are the properties that must hold afterwards; everything a
    case does not name must be as it started. ``before_*`` change the starting state.
    """

    text: str
    speech: str | tuple[str, ...] | None
    intent: str | None = None
    study: Mapping[str, Any] = field(default_factory=dict)
    living: Mapping[str, Any] = field(default_factory=dict)
    tv: Mapping[str, Any] = field(default_factory=dict)
    before_study: Mapping[str, Any] = field(default_factory=dict)
    before_living: Mapping[str, Any] = field(default_factory=dict)
    before_tv: Mapping[str, Any] = field(default_factory=dict)
    response_type: str = "action_done"


def refused(text: str, speech: str, intent: str | None, **before: Any) -> Said:
    """Return a sentence that must be refused with ``speech`` and change nothing."""
    return Said(text, speech, intent, response_type=ERROR, **before)


CASES = [
    # 1. A room instead of a device: the room's AC, mode and temperature (not Home Assistant's
    # temperature intent, which would leave the mode as it is)
    Said(
        "warm the study to 21",
        "Study AC is now heating at 21 degrees",
        SET_MODE,
        study={"mode": HEAT, "target_temperature": 21.0},
    ),
    Said(
        "chill the living room down to 24",
        "Living room AC is now cooling at 24 degrees",
        SET_MODE,
        living={"mode": COOL, "target_temperature": 24.0},
        before_living={"mode": HEAT},
    ),
    Said(
        "heat up the study to 22.5",
        "Study AC is now heating at 22.5 degrees",
        SET_MODE,
        study={"mode": HEAT, "target_temperature": 22.5},
    ),
    Said(
        "could you warm the living room up to 23 please",
        "Living room AC is now heating at 23 degrees",
        SET_MODE,
        living={"mode": HEAT, "target_temperature": 23.0},
    ),
    Said(
        "cool the study to 20 degrees",
        "Study AC is now cooling at 20 degrees",
        SET_MODE,
        study={"mode": COOL, "target_temperature": 20.0},
        before_study={"mode": HEAT},
    ),
    Said(
        "set the study to heat at 22",
        "Study AC is now heating at 22 degrees",
        SET_MODE,
        study={"mode": HEAT, "target_temperature": 22.0},
    ),
    Said(
        "set the living room to 24 degrees in cool mode",
        "Living room AC is now cooling at 24 degrees",
        SET_MODE,
        living={"mode": COOL, "target_temperature": 24.0},
        before_living={"mode": HEAT},
    ),
    refused("chill the kitchen down to 25", "There is no air conditioner in Kitchen", SET_MODE),
    # ... and complaints in a room
    Said(
        "the study is too cold",
        "Study AC is set to 27 degrees",
        ADJUST,
        study={"target_temperature": 27.0},
    ),
    Said(
        "it's way too hot in the living room",
        "Living room AC is set to 25 degrees",
        ADJUST,
        living={"target_temperature": 25.0},
    ),
    Said(
        "the study's way too hot",
        "Study AC is set to 25 degrees",
        ADJUST,
        study={"target_temperature": 25.0},
    ),
    Said(
        "it's getting a bit chilly in the study",
        "Study AC is set to 27 degrees",
        ADJUST,
        study={"target_temperature": 27.0},
    ),
    Said(
        "the living room is freezing",
        "Living room AC is set to 27 degrees",
        ADJUST,
        living={"target_temperature": 27.0},
    ),
    refused("it's way too hot in the bedroom", "There is no air conditioner in Bedroom", ADJUST),
    # Two ACs and no room: asked which, nothing done
    refused("it's way too hot", WHICH_AC, ADJUST),
    # 2. Verbs split around the device, other word orders
    Said(
        "knock the study AC down a degree",
        "Study AC is set to 25 degrees",
        ADJUST,
        study={"target_temperature": 25.0},
    ),
    Said(
        "turn the study AC up two degrees",
        "Study AC is set to 28 degrees",
        ADJUST,
        study={"target_temperature": 28.0},
    ),
    Said(
        "bump the living room AC up a bit",
        "Living room AC is set to 27 degrees",
        ADJUST,
        living={"target_temperature": 27.0},
    ),
    Said(
        "turn the study AC down",
        "Study AC is set to 25 degrees",
        ADJUST,
        study={"target_temperature": 25.0},
    ),
    Said(
        "turn down the living room AC by 2 degrees",
        "Living room AC is set to 24 degrees",
        ADJUST,
        living={"target_temperature": 24.0},
    ),
    Said(
        "turn the study AC's temperature up a bit",
        "Study AC is set to 27 degrees",
        ADJUST,
        study={"target_temperature": 27.0},
    ),
    Said(
        "turn the study AC's fan up a bit",
        "Study AC fan speed is now level 6",
        FAN,
        study={"fan_level": 6},
    ),
    Said(
        "please could you turn the study AC's fan up a bit",
        "Study AC fan speed is now level 6",
        FAN,
        study={"fan_level": 6},
    ),
    refused("turn the AC's fan up a bit", WHICH_AC, FAN),
    Said(
        "set the study AC fan on high",
        "Study AC fan speed is now level 7",
        FAN,
        study={"fan_level": 7},
    ),
    Said(
        "turn down the living room AC's fan",
        "Living room AC fan speed is now level 3",
        FAN,
        living={"fan_level": 3},
        before_living={"fan_level": 4},
    ),
    Said(
        "crank the study AC fan up",
        "Study AC fan speed is now level 7",
        FAN,
        study={"fan_level": 7},
        before_study={"fan_level": 6},
    ),
    Said(
        "put the study AC's fan on max",
        "Study AC fan speed is now level 7",
        FAN,
        study={"fan_level": 7},
    ),
    Said(
        "give the TV its sound back",
        "Unmuted Living room TV",
        MUTE,
        tv={"muted": False},
        before_tv={"muted": True},
    ),
    Said(
        "bring back the sound on the TV",
        "Unmuted Living room TV",
        MUTE,
        tv={"muted": False},
        before_tv={"muted": True},
    ),
    Said(
        "put the TV back on",
        "Turned on Living room TV",
        TV_ON,
        tv={"power": "on"},
        before_tv=DARK,
    ),
    Said(
        "could you turn the TV back on please",
        "Turned on Living room TV",
        TV_ON,
        tv={"power": "on"},
        before_tv=DARK,
    ),
    Said(
        "turn the study AC back on",
        "Turned on Study AC",
        AC_ON,
        study={"power": True},
        before_study=OFF,
    ),
    Said(
        "put the living room AC back on",
        "Turned on Living room AC",
        AC_ON,
        living={"power": True},
        before_living=OFF,
    ),
    # 3. Words people use: presets without "mode"
    Said(
        "turn on power saving on the study AC",
        "Turned on eco mode on Study AC",
        PRESET,
        study={"eco": True},
    ),
    Said(
        "put the study AC on power saving",
        "Turned on eco mode on Study AC",
        PRESET,
        study={"eco": True},
    ),
    Said(
        "set the living room AC to energy saver",
        "Turned on eco mode on Living room AC",
        PRESET,
        living={"eco": True},
    ),
    Said(
        "set the study AC back to regular again",
        "Study AC is back to normal mode",
        PRESET,
        study={"eco": False},
        before_study={"eco": True},
    ),
    Said(
        "study AC regular again",
        "Study AC is back to normal mode",
        PRESET,
        study={"sleep_mode": False},
        before_study={"sleep_mode": True},
    ),
    Said(
        "put the living room AC in sleep",
        "Turned on sleep mode on Living room AC",
        PRESET,
        living={"sleep_mode": True},
    ),
    Said(
        "turn off power saving on the study AC",
        "Turned off eco mode on Study AC",
        PRESET,
        study={"eco": False},
        before_study={"eco": True},
    ),
    refused(
        "switch the study AC to turbo",
        "Study AC has no boost mode. It offers eco and sleep",
        PRESET,
    ),
    # ... for turning things off
    Said("shut the TV down", "Turned off Living room TV", TV_OFF, tv=DARK),
    Said("switch the TV off already", "Turned off Living room TV", TV_OFF, tv=DARK),
    Said("switch the study AC off already", HA_TURNED_OFF, "HassTurnOff", study=OFF),
    Said("shut the living room AC down", "Turned off Living room AC", AC_OFF, living=OFF),
    Said("power down the study AC please", "Turned off Study AC", AC_OFF, study=OFF),
    # ... contractions: "the AC's too loud" is its fan, one speed down (from auto: low)
    Said(
        "the study AC's too loud",
        "Study AC fan speed is now level 2",
        FAN,
        study={"fan_level": 2},
    ),
    Said(
        "the living room AC is way too noisy",
        "Living room AC fan speed is now level 4",
        FAN,
        living={"fan_level": 4},
        before_living={"fan_level": 5},
    ),
    refused("the AC's too loud", WHICH_AC, FAN),
    Said(
        "could you just set the study AC to cool already",
        "Study AC is now cooling",
        SET_MODE,
        study={"mode": COOL},
        before_study={"mode": HEAT},
    ),
    Said(
        "switch the living room AC to heating again please",
        "Living room AC is now heating",
        SET_MODE,
        living={"mode": HEAT},
    ),
    # 4. Values our handlers check: refused with the unit's step, range or list
    refused(
        "set the study AC to 24.3",
        "Study AC is set in steps of 0.5 degrees: say 24 or 24.5",
        SET_TEMPERATURE,
    ),
    refused(
        "warm the study to 21.2",
        "Study AC is set in steps of 0.5 degrees: say 21 or 21.5",
        SET_MODE,
    ),
    refused(
        "set the living room AC to 35 degrees",
        "Living room AC can be set from 16 to 31 degrees",
        SET_TEMPERATURE,
    ),
    refused("set the AC to 24.3", WHICH_AC, SET_TEMPERATURE),
    Said(
        "set the living room AC to 24.5 degrees",
        "Living room AC is set to 24.5 degrees",
        SET_TEMPERATURE,
        living={"target_temperature": 24.5},
    ),
    refused(
        "switch the TV to HDMI7", f"Living room TV has no input HDMI 7. It has {TV_INPUTS}", INPUT
    ),
    refused(
        "switch the TV to hdmi 7", f"Living room TV has no input HDMI 7. It has {TV_INPUTS}", INPUT
    ),
    refused(
        "change the TV input to HDMI 5",
        f"Living room TV has no input HDMI 5. It has {TV_INPUTS}",
        INPUT,
    ),
    Said(
        "switch the TV to hdmi3",
        "Living room TV is now on HDMI 3",
        INPUT,
        tv={"input_source": "HDMI 3"},
    ),
    Said(
        "could you put the TV on HDMI 2 please",
        "Living room TV is now on HDMI 2",
        INPUT,
        tv={"input_source": "HDMI 2"},
    ),
    Said(
        "set the study AC to 24 point 5",
        "Study AC is set to 24.5 degrees",
        SET_TEMPERATURE,
        study={"target_temperature": 24.5},
    ),
    refused(
        "set the study AC to 24 point 3",
        "Study AC is set in steps of 0.5 degrees: say 24 or 24.5",
        SET_TEMPERATURE,
    ),
    Said(
        "heat the study to 22 and a half degrees",
        "Study AC is now heating at 22.5 degrees",
        SET_MODE,
        study={"mode": HEAT, "target_temperature": 22.5},
    ),
    Said(
        "the study AC power on",
        "Turned on Study AC",
        AC_ON,
        study={"power": True},
        before_study=OFF,
    ),
    Said("living room AC power off", "Turned off Living room AC", AC_OFF, living=OFF),
    Said("the TV's too loud", "Living room TV volume is now 25", VOLUME, tv={"volume": 25}),
    Said(
        "set the TV volume to 100",
        "Living room TV volume is now 100",
        SET_VOLUME,
        tv={"volume": 100},
    ),
    # What speech-to-text writes down: hesitations, "please" drawn out, swearing (skip words)
    Said(
        "um set the uh living room ac to heat",
        "Living room AC is now heating",
        SET_MODE,
        living={"mode": HEAT},
    ),
    Said("switch off the damn study ac", HA_TURNED_OFF, None, study=OFF),
    Said("um, could you mute the TV", "Muted Living room TV", MUTE, tv={"muted": True}),
    Said("mute the bloody telly pleeease", "Muted Living room TV", MUTE, tv={"muted": True}),
    Said(
        "erm could you please you put the living room ac on eco",
        None,
        PRESET,
        living={"eco": True},
    ),
]

# A volume above 100 reaches our handler, which names the range and sends nothing
VOLUME_CASES = [
    refused(
        "set the TV volume to 150",
        "Living room TV takes a volume from 0 to 100, not 150",
        SET_VOLUME,
    ),
    refused(
        "turn the TV volume up to 120",
        "Living room TV takes a volume from 0 to 100, not 120",
        SET_VOLUME,
    ),
    refused(
        "set the living room TV volume to 150",
        "Living room TV takes a volume from 0 to 100, not 150",
        SET_VOLUME,
    ),
]
# Refused as it should be only once TvOpenAppHandler answers an input the set lacks as an input
# (issue 15 report): today "open HDMI7 on the TV" is answered as an unknown app.
HANDLER_CASES = [
    refused(
        "open HDMI7 on the TV",
        f"Living room TV has no input HDMI 7. It has {TV_INPUTS}",
        "XiaomiLivingTvOpenApp",
    ),
]


@dataclass(frozen=True, slots=True)
class Home:
    """The two ACs and the TV, with their entries."""

    study: SimulatedDevice
    study_entry: MockConfigEntry
    living: SimulatedDevice
    living_entry: MockConfigEntry
    tv: SimulatedTv
    tv_entry: MockConfigEntry


async def _home(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, add_tv: AddTv, tmp_path: Path
) -> Home:
    await async_setup_voice(hass, tmp_path)
    study = await simulator("xiaomi.aircondition.mc4")
    study_entry = await add_device(study, title="Study AC")
    living = await simulator("xiaomi.aircondition.mc4")
    living_entry = await add_device(living, title="Living room AC")
    tv = await simulator("xiaomi.tv.mitv5proh1")
    assert isinstance(tv, SimulatedTv)
    tv_entry = await add_tv(tv, title="Living room TV")
    put_in_area(hass, study_entry, "Study")
    put_in_area(hass, living_entry, "Living Room")
    put_in_area(hass, tv_entry, "Living Room")
    for empty in ("Kitchen", "Bedroom"):
        ar.async_get(hass).async_create(empty)
    await async_install(hass)
    return Home(study, study_entry, living, living_entry, tv, tv_entry)


def _writes(device: SimulatedDevice, since: int) -> list[str]:
    return [r.method for r in device.requests[since:] if r.method.startswith(_WRITES)]


def _answer_problems(response: intent.IntentResponse, case: Said) -> tuple[str | None, list[str]]:
    """Return what was said, and how the answer differs from the case."""
    speech = response.speech.get("plain", {}).get("speech")
    intent_type = response.intent.intent_type if response.intent else None
    problems = []
    if speech == NOT_UNDERSTOOD:
        problems.append("not understood")
    if response.response_type.value != case.response_type:
        problems.append(f"response {response.response_type.value}")
    wanted = (case.speech,) if isinstance(case.speech, str) else case.speech
    if wanted is not None and speech not in wanted:
        problems.append(f"speech {speech!r} != {' or '.join(map(repr, wanted))}")
    if case.intent is not None and intent_type != case.intent:
        problems.append(f"intent {intent_type} != {case.intent}")
    return speech, problems


async def _run(hass: HomeAssistant, home: Home, cases: list[Said]) -> list[str]:
    """Run every case from the same starting state; return the failures, described."""
    failures: list[str] = []
    acs = (("study", home.study, home.study_entry), ("living", home.living, home.living_entry))
    for case in cases:
        for label, device, entry in acs:
            device.props.update({**MC4_BASELINE, **getattr(case, f"before_{label}")})
            await entry.runtime_data.coordinator.async_refresh()
        tv_start = {**TV_BASELINE, **case.before_tv}
        for name, value in tv_start.items():
            setattr(home.tv.tv, name, value)
        home.tv_entry.runtime_data.coordinator.device.forget_session()
        await home.tv_entry.runtime_data.coordinator.async_refresh()
        home.tv.tv.keys_pressed.clear()
        sent = {label: len(device.requests) for label, device, _ in acs}

        result = await async_converse(hass, case.text, "en")
        speech, problems = _answer_problems(result.response, case)
        for label, device, _ in acs:
            expected = {**MC4_BASELINE, **getattr(case, f"before_{label}"), **getattr(case, label)}
            wrong = {
                k: device.props.get(k) for k, v in expected.items() if device.props.get(k) != v
            }
            if wrong:
                problems.append(f"{label} AC {wrong} != {expected}")
            if case.response_type == ERROR and (writes := _writes(device, sent[label])):
                problems.append(f"{label} AC was sent {writes}")
        expected_tv = {**tv_start, **case.tv}
        wrong_tv = {
            k: getattr(home.tv.tv, k) for k, v in expected_tv.items() if getattr(home.tv.tv, k) != v
        }
        if wrong_tv:
            problems.append(f"TV {wrong_tv} != {expected_tv}")
        if case.response_type == ERROR and home.tv.tv.keys_pressed:
            problems.append(f"TV was sent keys {home.tv.tv.keys_pressed}")
        if problems:
            failures.append(f"{case.text!r}: " + "; ".join(problems) + f" (said {speech!r})")
    return failures


def test_the_table_is_large_enough() -> None:
    """At least 60 distinct sentences, a refusal among them for each class that has one."""
    texts = [case.text for case in CASES]
    assert len(set(texts)) == len(texts) >= 60
    assert sum(case.response_type == ERROR for case in CASES) >= 10


async def test_what_people_say(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, add_tv: AddTv, tmp_path: Path
) -> None:
    """Every sentence does what it says to the right device, and says so; refusals send nothing."""
    home = await _home(hass, simulator, add_device, add_tv, tmp_path)
    failures = await _run(hass, home, [*CASES, *VOLUME_CASES])
    assert not failures, "\n".join(failures)


async def test_values_only_the_handlers_can_refuse(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, add_tv: AddTv, tmp_path: Path
) -> None:
    """An input said as an app is refused as an input the set lacks, naming its inputs."""
    home = await _home(hass, simulator, add_device, add_tv, tmp_path)
    failures = await _run(hass, home, HANDLER_CASES)
    assert not failures, "\n".join(failures)
