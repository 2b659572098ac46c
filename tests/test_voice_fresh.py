# ruff: noqa: RUF001  (Chinese punctuation in answers is intended)
"""Sets of commands written blind: by people who never saw our sentences (issue 15).

``tests/voice_fresh*.yaml`` (seven sets) were written from how people talk, each by an author who
never read any sentence template or test of this repository: English, Mandarin, Cantonese and
Taiwanese Mandarin, with refusals. Each was first run as a measurement of the grammar on commands
it had never seen; they stay as tables, so that a change that breaks how people talk shows here.
Each entry says what must hold afterwards (``expect``), that it must be refused naming a reason
(``refuse``, ``reason_mentions``), that the user must be asked which AC (``ask_which``), or what a
question's answer mentions (``answer_mentions``). Entries with ``satellite: study`` come from a
voice satellite in the study.

The home is bilingual, as a family's is: "Study AC" in Study, "Living room AC" and "Living room TV"
in Living Room, each with its Chinese aliases (书房空调 / 書房冷氣, 客厅空调 / 客廳冷氣,
客厅电视 / 客廳電視) and areas with theirs; Kitchen and Bedroom hold nothing. Every entry starts
from: both ACs on, cooling at 26 °C, fan auto, no preset, the study at 27.5 °C and the living room
at 25 °C; the TV on, HDMI 1, volume 30, not muted.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pytest
import yaml
from homeassistant.core import HomeAssistant
from homeassistant.helpers import area_registry as ar
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tests.assist_fixtures import (
    MC4_BASELINE,
    MC4_MODES,
    TV_BASELINE,
    add_alias,
    async_converse,
    async_install,
    async_setup_voice,
    put_in_area,
)
from tests.conftest import AddDevice, AddTv
from tests.simulator.device import SimulatedDevice
from tests.simulator.fleet import Simulator
from tests.simulator.tv import SimulatedTv
from tests.simulator.tv_state import TvApp, TvState

# The share of each set that must do the right thing (issue 15: at least 95%). Each set was first
# run, as the measurement, after the classes the sets before it showed had been fixed, on Home
# Assistant 2026.10.4: 75.7%, 81.4%, 81.4%, 90.7%, 90.0% (126 of 140; 127 with the one expectation
# the fifth set's author was misinformed about corrected), 90.7%, 90.0% and 93.6% (the eighth:
# speech-to-text from a household, 131 of 140; one entry's "fan_level: 0" for auto was read as
# such). Each was then fixed by class.
REQUIRED_SHARE: Final = {
    "voice_fresh": 0.95,
    "voice_fresh_2": 0.95,
    "voice_fresh_3": 0.95,
    "voice_fresh_4": 0.95,
    "voice_fresh_5": 0.95,
    "voice_fresh_6": 0.95,
    "voice_fresh_7": 0.95,
    "voice_fresh_8": 0.95,
}
LANGUAGES = ("en", "zh-CN", "zh-HK", "zh-TW")
# Home Assistant's own "couldn't understand" answers, per language
HA_GENERIC = ("Sorry, I couldn't understand", "抱歉", "對唔住", "对不起", "不好意思，我")
ROOM_TEMPERATURE = {"study": 27.5, "living": 25.0}
FAN_LEVELS = {"auto": 0, **{str(level): level for level in range(8)}}  # 0 is auto too
APPS = (
    TvApp("com.mitv.tvhome", "PatchWall"),
    TvApp("com.google.android.youtube.tv", "YouTube"),
    TvApp("com.netflix.ninja", "Netflix"),
    TvApp("com.gitvvideo.xiaomi", "iQIYI"),
    TvApp("com.ktcp.video", "Tencent Video"),
    TvApp("com.xiaodianshi.tv.yst", "Bilibili"),
)
# What a TV "app" expectation may be called, by the package the set shows
APP_NAMES = {
    "com.google.android.youtube.tv": {"youtube"},
    "com.netflix.ninja": {"netflix", "网飞", "網飛"},
    "com.gitvvideo.xiaomi": {"iqiyi", "爱奇艺", "愛奇藝"},
    "com.ktcp.video": {"tencentvideo", "腾讯视频", "騰訊視頻", "騰訊影片"},
    "com.xiaodianshi.tv.yst": {"bilibili", "b站", "哔哩哔哩", "嗶哩嗶哩"},
}

# Eight sets by eight authors who never saw our sentences, each written blind.
# XIAOMI_LIVING_VOICE_COMMANDS runs another file of the same form instead (to try new sentences).
COMMAND_SETS: Final = (
    [Path(os.environ["XIAOMI_LIVING_VOICE_COMMANDS"])]
    if os.environ.get("XIAOMI_LIVING_VOICE_COMMANDS")
    else [Path(__file__).with_name(f"{name}.yaml") for name in REQUIRED_SHARE]
)


@dataclass(frozen=True, slots=True)
class Home:
    """The simulated devices, their entries, and the satellite in the study."""

    acs: Mapping[str, SimulatedDevice]
    tv: SimulatedTv
    entries: Mapping[str, MockConfigEntry]
    satellite: str


def load_commands(path: Path) -> list[dict[str, Any]]:
    """Return the entries of a blind set."""
    commands = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(commands, list)
    return commands


def _entity(hass: HomeAssistant, entry: MockConfigEntry, domain: str) -> str:
    (entity_id,) = (
        item.entity_id
        for item in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
        if item.domain == domain
    )
    return entity_id


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
    tv.tv.installed_apps = list(APPS)
    tv_entry = await add_tv(tv, title="Living room TV")
    areas = ar.async_get(hass)
    for entry, area_name, aliases in (
        (study_entry, "Study", {"书房", "書房"}),
        (living_entry, "Living Room", {"客厅", "客廳"}),
        (tv_entry, "Living Room", {"客厅", "客廳"}),
    ):
        area_id = put_in_area(hass, entry, area_name)
        areas.async_update(area_id, aliases=aliases)
    for name, aliases in (("Kitchen", {"厨房", "廚房"}), ("Bedroom", {"卧室", "睡房", "臥室"})):
        areas.async_create(name, aliases=aliases)
    for entry, domain, aliases in (
        (study_entry, "climate", ("书房空调", "書房冷氣")),
        (living_entry, "climate", ("客厅空调", "客廳冷氣")),
        (tv_entry, "media_player", ("客厅电视", "客廳電視")),
    ):
        for alias in aliases:
            add_alias(hass, _entity(hass, entry, domain), alias)
    satellite_entry = MockConfigEntry(domain="test")
    satellite_entry.add_to_hass(hass)
    devices = dr.async_get(hass)
    satellite = devices.async_get_or_create(
        config_entry_id=satellite_entry.entry_id,
        identifiers={("test", "satellite")},
        name="Satellite",
    )
    study_area = areas.async_get_area_by_name("Study")
    assert study_area is not None
    devices.async_update_device(satellite.id, area_id=study_area.id)
    await async_install(hass)
    return Home(
        {"study": study, "living": living},
        tv,
        {"study": study_entry, "living": living_entry, "tv": tv_entry},
        satellite.id,
    )


def _ac_expected(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Translate an entry's AC keys to the simulated mc4's properties."""
    props: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "mode":
            props["mode"] = MC4_MODES["fan_only" if value == "fan" else value]
        elif key == "fan_level":
            props["fan_level"] = FAN_LEVELS[str(value).lower()]
        elif key == "preset":
            props["eco"] = value == "eco"
            props["sleep_mode"] = value == "sleep"
        elif key == "target_temperature":
            props[key] = float(value)
        else:
            props[key] = value
    return props


def _tv_value(state: TvState, key: str) -> Any:
    """Return the set's value for an entry's TV key, in the entry's terms."""
    if key == "power":
        return "on" if state.power == "on" else "off"
    if key == "source":
        return _squash(state.input_source)
    if key == "app":
        return APP_NAMES.get(state.foreground_app or "", set())
    return getattr(state, {"muted": "muted", "volume": "volume"}.get(key, key), None)


def _squash(text: object) -> str:
    return re.sub(r"\s", "", str(text)).lower()


def _tv_problems(tv: SimulatedTv, changes: Mapping[str, Any]) -> list[str]:
    problems = []
    for key, said in changes.items():
        actual = _tv_value(tv.tv, key)
        value = ("on" if said in ("on", True) else "off") if key == "power" else said
        if key in ("playing", "playback"):
            # The sets say nothing about playback: OK toggles it, and that is all one can check
            ok = "enter" in tv.tv.keys_pressed
        elif key == "app":
            ok = _squash(value) in actual
        elif key == "source":
            ok = actual == _squash(value)
        else:
            # a set that does not report playback (None) is not held to it
            ok = actual is None or actual == value
        if not ok:
            problems.append(f"TV {key} {actual}")
    return problems


def _tv_snapshot(tv: SimulatedTv) -> dict[str, Any]:
    return {name: getattr(tv.tv, name) for name in TV_BASELINE}


async def _reset(home: Home) -> None:
    for name, device in home.acs.items():
        device.props.update({**MC4_BASELINE, "room_temperature": ROOM_TEMPERATURE[name]})
        await home.entries[name].runtime_data.coordinator.async_refresh()
    for attribute, value in {**TV_BASELINE, "playing": False, "channel": 1}.items():
        setattr(home.tv.tv, attribute, value)
    coordinator = home.entries["tv"].runtime_data.coordinator
    coordinator.device.forget_session()
    await coordinator.async_refresh()
    home.tv.tv.keys_pressed.clear()


async def run_command(hass: HomeAssistant, home: Home, command: Mapping[str, Any]) -> list[str]:
    """Say one entry from the common starting state; return what went wrong."""
    await _reset(home)
    before = {name: dict(device.props) for name, device in home.acs.items()}
    tv_before = _tv_snapshot(home.tv)
    satellite = home.satellite if command.get("satellite") == "study" else None
    result = await async_converse(hass, command["text"], command["language"], satellite)
    response = result.response
    speech = str(response.speech.get("plain", {}).get("speech", ""))
    problems: list[str] = []
    if speech.startswith(HA_GENERIC):
        problems.append("not understood")
    expect: Mapping[str, Any] = command.get("expect") or {}
    unchanged = command.get("refuse") or command.get("ask_which")
    for name, device in home.acs.items():
        wanted = {**before[name], **_ac_expected(expect.get(name, {}))}
        wrong = {k: device.props.get(k) for k, v in wanted.items() if device.props.get(k) != v}
        if wrong:
            problems.append(f"{name} AC {wrong}")
    problems += _tv_problems(home.tv, expect.get("tv", {}))
    if "tv" not in expect and _tv_snapshot(home.tv) != tv_before:
        problems.append(f"TV changed to {_tv_snapshot(home.tv)}")
    if unchanged and home.tv.tv.keys_pressed:
        problems.append(f"TV got keys {home.tv.tv.keys_pressed}")
    if command.get("refuse") and response.response_type.value != "error":
        problems.append(f"not refused ({response.response_type.value})")
    if command.get("ask_which") and not all(
        any(name in speech for name in names)
        for names in (("Study AC", "书房", "書房"), ("Living room AC", "客厅", "客廳"))
    ):
        problems.append("did not ask which AC")
    mentions = [*command.get("reason_mentions", ()), *command.get("answer_mentions", ())]
    squashed = speech.replace(" ", "").lower()
    missing = [m for m in mentions if str(m).replace(" ", "").lower() not in squashed]
    if missing:
        problems.append(f"answer lacks {missing}")
    return [f"{p} (said {speech!r})" for p in problems[:1]] + problems[1:]


@pytest.mark.parametrize("path", COMMAND_SETS, ids=lambda path: path.stem)
def test_the_set_is_the_mix_the_issue_asks_for(path: Path) -> None:
    """40 English, 40 Mandarin, 15 Cantonese and 15 Taiwanese commands, 30 refusals besides."""
    commands = load_commands(path)
    languages = [c["language"] for c in commands]
    assert set(languages) <= set(LANGUAGES)
    refusals = [c for c in commands if c.get("refuse")]
    assert len(refusals) >= 30
    assert len(commands) - len(refusals) >= 110
    assert len({(c["language"], c["text"]) for c in commands}) == len(commands)


@pytest.mark.parametrize("path", COMMAND_SETS, ids=lambda path: path.stem)
async def test_the_blind_set(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    add_tv: AddTv,
    tmp_path: Path,
    path: Path,
) -> None:
    """At least 95% of the set does the right thing; every refusal names its reason."""
    home = await _home(hass, simulator, add_device, add_tv, tmp_path)
    commands = load_commands(path)
    failures = [
        f"[{command['language']}] {command['text']!r}: " + "; ".join(problems)
        for command in commands
        if (problems := await run_command(hass, home, command))
    ]
    share = 1 - len(failures) / len(commands)
    report = f"{len(commands) - len(failures)}/{len(commands)} right ({share:.1%})\n" + "\n".join(
        failures
    )
    assert share >= REQUIRED_SHARE.get(path.stem, 0.95), report
