"""The README's automation and script examples, loaded as written into a real Home Assistant.

The YAML blocks come out of README.md's "Automations and scripts" section: an example that stops
working, or a new one without a test here, fails.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from tests.conftest import AddDevice, AddTv
from tests.simulator.device import SimulatedDevice
from tests.simulator.fleet import Simulator
from tests.simulator.tv import SimulatedTv
from tests.test_device_trigger import AC_MODEL, COOL, TV_MODEL, poll, settle

README = Path(__file__).resolve().parent.parent / "README.md"
SECTION = "## Automations and scripts"
# What the README writes where the automation editor would put the living room AC's device id.
DEVICE_ID_PLACEHOLDER = "YOUR_AC_DEVICE_ID"

EXAMPLES = {
    "Cool the bedroom at 21:30",
    "AC off when the bedroom window opens",
    "TV screen off at 23:00",
    "Living room AC to eco at its target",
}
SCRIPTS = {"movie_night"}


def readme_blocks() -> list[str]:
    """Return the YAML blocks of the README's automations section, as written."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n{SECTION}\n")
    end = text.index("\n## ", start + len(SECTION) + 2)
    return re.findall(r"^```yaml\n(.*?)^```", text[start:end], re.MULTILINE | re.DOTALL)


def readme_config(device_id: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Return the README's automations and scripts, with the living room AC's device id."""
    automations: list[dict[str, Any]] = []
    scripts: dict[str, Any] = {}
    for block in readme_blocks():
        config = yaml.safe_load(block.replace(DEVICE_ID_PLACEHOLDER, device_id))
        assert set(config) <= {"automation", "script"}, block
        automations.extend(config.get("automation", []))
        scripts.update(config.get("script", {}))
    return automations, scripts


class Home:
    """Two ACs and a TV named as in the README, a window, and the README's examples."""

    def __init__(self, bedroom: SimulatedDevice, living_room: SimulatedDevice, tv: SimulatedTv):
        """Keep the simulated devices."""
        self.bedroom = bedroom
        self.living_room = living_room
        self.tv = tv


def next_local(hass: HomeAssistant, hour: int, minute: int) -> datetime:
    """Return the next time the clock in Home Assistant's time zone shows hour:minute."""
    now = dt_util.now()
    at = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return at if at > now else at + timedelta(days=1)


async def clock_to(hass: HomeAssistant, when: datetime) -> None:
    """Let the clock reach ``when``: the time triggers due by then fire."""
    async_fire_time_changed(hass, when)
    await settle(hass)


@pytest.fixture
async def home(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, add_tv: AddTv
) -> AsyncIterator[Home]:
    """Set up the devices, the window sensor, and the README's automations and scripts."""
    bedroom = await simulator(AC_MODEL)
    await add_device(bedroom, title="Bedroom AC")
    living_room = await simulator(AC_MODEL)
    living_room_entry = await add_device(living_room, title="Living room AC")
    tv = await simulator(TV_MODEL)
    assert isinstance(tv, SimulatedTv)
    tv.tv.input_source = "TV"
    await add_tv(tv)

    # The window: a template binary sensor over a switch a test flips.
    assert await async_setup_component(
        hass, "input_boolean", {"input_boolean": {"bedroom_window_open": {}}}
    )
    window = {
        "name": "Bedroom window",
        "device_class": "window",
        "state": "{{ is_state('input_boolean.bedroom_window_open', 'on') }}",
    }
    assert await async_setup_component(hass, "template", {"template": [{"binary_sensor": window}]})
    await hass.async_block_till_done()
    assert hass.states.get("binary_sensor.bedroom_window").state == "off"

    (device,) = dr.async_entries_for_config_entry(dr.async_get(hass), living_room_entry.entry_id)
    automations, scripts = readme_config(device.id)
    assert await async_setup_component(hass, "automation", {"automation": automations})
    assert await async_setup_component(hass, "script", {"script": scripts})
    await hass.async_block_till_done()
    yield Home(bedroom, living_room, tv)
    # Switched off, the automations drop their time triggers' timers before Home Assistant stops.
    await hass.services.async_call("automation", "turn_off", {"entity_id": "all"}, blocking=True)


async def test_every_example_is_tested(hass: HomeAssistant, home: Home) -> None:
    """The README has exactly the examples this file tests, and each one loaded."""
    automations, scripts = readme_config("device")
    assert {automation["alias"] for automation in automations} == EXAMPLES
    assert set(scripts) == SCRIPTS
    states = hass.states.async_all("automation")
    assert {state.attributes["friendly_name"] for state in states} == EXAMPLES
    assert {state.state for state in states} == {"on"}  # "unavailable" if its config was bad
    assert hass.states.get("script.movie_night") is not None


async def test_cool_the_bedroom_at_2130(hass: HomeAssistant, home: Home) -> None:
    """At 21:30 the bedroom AC cools to 26 °C in sleep mode; the living room's stays off."""
    at = next_local(hass, 21, 30)
    await clock_to(hass, at - timedelta(minutes=1))
    assert home.bedroom.props["power"] is False
    await clock_to(hass, at)
    assert home.bedroom.props["power"] is True
    assert home.bedroom.props["mode"] == COOL
    assert home.bedroom.props["target_temperature"] == 26.0
    assert home.bedroom.props["sleep_mode"] is True
    assert hass.states.get("climate.bedroom_ac").state == "cool"
    assert home.living_room.props["power"] is False


async def test_ac_off_when_the_window_opens(hass: HomeAssistant, home: Home) -> None:
    """A window open for a minute switches the bedroom AC off; a shorter opening does not."""
    home.bedroom.props.update({"power": True, "mode": COOL})
    await poll(hass)
    assert hass.states.get("climate.bedroom_ac").state == "cool"

    async def window(action: str) -> None:
        await hass.services.async_call(
            "input_boolean", action, {"entity_id": "input_boolean.bedroom_window_open"}
        )
        await settle(hass)

    await window("turn_on")
    assert hass.states.get("binary_sensor.bedroom_window").state == "on"
    await poll(hass, seconds=30)
    await window("turn_off")
    await poll(hass, seconds=61)
    assert home.bedroom.props["power"] is True  # open for half a minute only

    await window("turn_on")
    await poll(hass, seconds=30)
    assert home.bedroom.props["power"] is True
    await poll(hass, seconds=61)
    assert home.bedroom.props["power"] is False
    assert hass.states.get("climate.bedroom_ac").state == "off"


async def test_movie_night(hass: HomeAssistant, home: Home) -> None:
    """The script lights the TV's screen on HDMI 1 and cools the living room to 24 °C."""
    home.tv.tv.power = "screen_off"
    await poll(hass)
    assert hass.states.get("media_player.living_room_tv").state == "off"

    await hass.services.async_call(
        "script", "turn_on", {"entity_id": "script.movie_night"}, blocking=True
    )
    await settle(hass)

    assert home.tv.tv.power == "on"
    assert home.tv.tv.input_source == "HDMI 1"
    assert home.living_room.props["power"] is True
    assert home.living_room.props["mode"] == COOL
    assert home.living_room.props["target_temperature"] == 24.0
    assert home.bedroom.props["power"] is False


async def test_tv_screen_off_at_2300(hass: HomeAssistant, home: Home) -> None:
    """At 23:00 the TV's screen goes dark; the set stays on the network."""
    assert home.tv.tv.power == "on"
    await clock_to(hass, next_local(hass, 23, 0))
    assert home.tv.tv.power == "screen_off"
    assert hass.states.get("media_player.living_room_tv").state == "off"
    assert hass.states.get("media_player.living_room_tv").attributes["power_state"] == "screen_off"


async def test_eco_at_the_target(hass: HomeAssistant, home: Home) -> None:
    """The device trigger: once the cooled room is within 0.5 °C of the target, eco goes on."""
    room = home.living_room
    room.props.update(
        {"power": True, "mode": COOL, "target_temperature": 24.0, "room_temperature": 28.0}
    )
    await poll(hass)
    assert hass.states.get("climate.living_room_ac").attributes["hvac_action"] == "cooling"
    room.props["room_temperature"] = 25.5
    await poll(hass)
    assert room.props["eco"] is False
    room.props["room_temperature"] = 24.3
    await poll(hass)
    assert room.props["eco"] is True
    assert hass.states.get("climate.living_room_ac").attributes["preset_mode"] == "eco"
    assert home.bedroom.props["eco"] is False
