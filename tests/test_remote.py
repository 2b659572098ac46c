"""A TV's remote: named keys over the HTTP API, repeats, delays, and power."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from homeassistant.components.remote import (
    ATTR_COMMAND,
    ATTR_DELAY_SECS,
    ATTR_NUM_REPEATS,
    SERVICE_SEND_COMMAND,
)
from homeassistant.components.remote import DOMAIN as REMOTE_DOMAIN
from homeassistant.const import (
    ATTR_ENTITY_ID,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from custom_components.xiaomi_living.const import DOMAIN
from tests.conftest import AddTv
from tests.simulator.fleet import Simulator
from tests.simulator.tv import SimulatedTv
from tests.test_media_player import (
    ENTITY as MEDIA_PLAYER,
)
from tests.test_media_player import (
    HTTP_ONLY,
    MIOT_HTTP,
    MIOT_ONLY,
    setup_tv,
)

REMOTE = "remote.living_room_tv"


async def send(hass: HomeAssistant, *keys: str, **data: Any) -> None:
    await hass.services.async_call(
        REMOTE_DOMAIN,
        SERVICE_SEND_COMMAND,
        {ATTR_ENTITY_ID: REMOTE, ATTR_COMMAND: list(keys), ATTR_DELAY_SECS: 0, **data},
        blocking=True,
    )


def start_sending(hass: HomeAssistant, *keys: str, **data: Any) -> asyncio.Task[None]:
    """Start a send_command that keeps running; the caller interrupts it."""
    return hass.async_create_task(send(hass, *keys, **data))


async def first_key(tv: SimulatedTv) -> None:
    """Wait until the set has taken the first key of a running sequence."""
    for _ in range(500):
        if tv.tv.keys_pressed:
            return
        await asyncio.sleep(0.01)
    pytest.fail("the set never took the first key")


async def power(hass: HomeAssistant, service: str) -> None:
    await hass.services.async_call(REMOTE_DOMAIN, service, {ATTR_ENTITY_ID: REMOTE}, blocking=True)


@pytest.mark.parametrize("variant", [MIOT_HTTP, HTTP_ONLY])
async def test_named_keys(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, variant: str
) -> None:
    """Key names, in any case and with spaces or dashes, reach the set in order."""
    tv = await setup_tv(simulator, add_tv, variant)
    await send(hass, "up", "Down", "left", "right", "OK", "select", "enter", "back", "menu")
    await send(hass, "Volume Up", "volume-down", "volumeup")
    assert tv.tv.keys_pressed == [
        "up", "down", "left", "right", "enter", "enter", "enter", "back", "menu",
        "volumeup", "volumedown", "volumeup",
    ]  # fmt: skip
    assert hass.states.get(REMOTE).state == STATE_ON


async def test_repeats_and_delay(hass: HomeAssistant, simulator: Simulator, add_tv: AddTv) -> None:
    """num_repeats repeats the whole sequence; delay_secs spaces the presses."""
    tv = await setup_tv(simulator, add_tv)
    await send(hass, "down", "enter", **{ATTR_NUM_REPEATS: 3, ATTR_DELAY_SECS: 0.01})
    assert tv.tv.keys_pressed == ["down", "enter"] * 3


async def test_unknown_key_sends_nothing(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """One unknown name in the list: a translated validation error, and no key is pressed."""
    tv = await setup_tv(simulator, add_tv)
    with pytest.raises(ServiceValidationError) as err:
        await send(hass, "up", "channel_up")
    assert err.value.translation_key == "unknown_key"
    assert "channel_up" in str(err.value)
    assert "volume_up" in str(err.value)
    assert tv.tv.keys_pressed == []


async def test_home_key_forgets_the_app(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """Home brings the launcher back: the app we opened is no longer in front."""
    tv = await setup_tv(simulator, add_tv)
    await hass.services.async_call(
        "media_player",
        "select_source",
        {ATTR_ENTITY_ID: MEDIA_PLAYER, "source": "YouTube"},
        blocking=True,
    )
    assert hass.states.get(MEDIA_PLAYER).state == "playing"
    await send(hass, "home")
    assert tv.tv.foreground_app == "com.mitv.tvhome"
    assert hass.states.get(MEDIA_PLAYER).state == STATE_ON
    assert "media_title" not in hass.states.get(MEDIA_PLAYER).attributes


async def test_power_key_switches_fully_off(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """The power key cuts the set's network; both entities show it off at once, and stay."""
    tv = await setup_tv(simulator, add_tv)
    await send(hass, "power")
    assert tv.tv.power == "off"
    assert hass.states.get(REMOTE).state == STATE_OFF
    assert hass.states.get(MEDIA_PLAYER).attributes["power_state"] == "off"
    await power(hass, SERVICE_TURN_ON)  # wake-on-LAN
    assert tv.tv.wake_on_lan_packets == 1
    assert hass.states.get(REMOTE).state == STATE_ON


async def test_turn_off_and_on(hass: HomeAssistant, simulator: Simulator, add_tv: AddTv) -> None:
    """The remote's power services behave as the media player's: screen off, then on."""
    tv = await setup_tv(simulator, add_tv)
    await power(hass, SERVICE_TURN_OFF)
    assert tv.tv.power == "screen_off"
    assert hass.states.get(REMOTE).state == STATE_OFF
    assert hass.states.get(MEDIA_PLAYER).attributes["power_state"] == "screen_off"
    await power(hass, SERVICE_TURN_ON)
    assert tv.tv.power == "on"
    assert hass.states.get(REMOTE).state == STATE_ON


async def test_keys_need_the_http_api(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """A set whose HTTP API does not answer cannot take keys: the error says which API."""
    tv = await setup_tv(simulator, add_tv, MIOT_ONLY)
    with pytest.raises(HomeAssistantError) as err:
        await send(hass, "home")
    assert err.value.translation_key == "http_unreachable"
    assert "6095" in str(err.value)
    assert hass.states.get(REMOTE).state == STATE_ON
    assert tv.tv.keys_pressed == []


@pytest.mark.parametrize(
    ("data", "key", "message"),
    [
        (
            {ATTR_NUM_REPEATS: 10000},
            "num_repeats_out_of_range",
            "num_repeats must be between 1 and 20; 10000 was given. Nothing was sent",
        ),
        (
            {ATTR_NUM_REPEATS: 0},
            "num_repeats_out_of_range",
            "num_repeats must be between 1 and 20; 0 was given. Nothing was sent",
        ),
        (
            {ATTR_DELAY_SECS: 3600},
            "delay_secs_out_of_range",
            "delay_secs must be between 0 and 10 seconds; 3600.0 was given. Nothing was sent",
        ),
        (
            {ATTR_DELAY_SECS: -1},
            "delay_secs_out_of_range",
            "delay_secs must be between 0 and 10 seconds; -1.0 was given. Nothing was sent",
        ),
    ],
)
async def test_out_of_range_sends_nothing(
    hass: HomeAssistant,
    simulator: Simulator,
    add_tv: AddTv,
    data: dict[str, Any],
    key: str,
    message: str,
) -> None:
    """Repeats or a delay beyond what a remote needs: a translated error, and no key is pressed."""
    tv = await setup_tv(simulator, add_tv)
    with pytest.raises(ServiceValidationError) as err:
        await send(hass, "down", **data)
    assert err.value.translation_domain == DOMAIN
    assert err.value.translation_key == key
    assert str(err.value) == message  # Home Assistant drops the final full stop
    assert tv.tv.keys_pressed == []


async def test_limits_are_accepted(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """The largest repeat count is allowed."""
    tv = await setup_tv(simulator, add_tv)
    await send(hass, "volumeup", **{ATTR_NUM_REPEATS: 20})
    assert tv.tv.keys_pressed == ["volumeup"] * 20


async def test_empty_command_is_refused(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """No key named: a translated error listing the keys, nothing sent."""
    tv = await setup_tv(simulator, add_tv)
    with pytest.raises(ServiceValidationError) as err:
        await send(hass)
    assert err.value.translation_key == "no_keys"
    assert str(err.value).startswith("Name at least one remote key to press. Known keys: ")
    assert tv.tv.keys_pressed == []


async def test_new_command_stops_the_running_one(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """A second command cuts the first short: the set gets part of the first, all of the second."""
    tv = await setup_tv(simulator, add_tv)
    first = start_sending(hass, "down", **{ATTR_NUM_REPEATS: 20, ATTR_DELAY_SECS: 10})
    await first_key(tv)
    await send(hass, "up", "enter")
    async with asyncio.timeout(5):
        await first  # returns without an error: it was replaced, not failed
    pressed = tv.tv.keys_pressed
    assert pressed[-2:] == ["up", "enter"]
    assert 1 <= pressed.count("down") < 20
    assert pressed[: pressed.count("down")] == ["down"] * pressed.count("down")
    await hass.async_block_till_done()
    assert tv.tv.keys_pressed == pressed


async def test_turn_off_stops_the_running_sequence(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """Turning the remote off stops the keys still to come, then darkens the screen."""
    tv = await setup_tv(simulator, add_tv)
    first = start_sending(hass, "down", **{ATTR_NUM_REPEATS: 20, ATTR_DELAY_SECS: 10})
    await first_key(tv)
    await power(hass, SERVICE_TURN_OFF)
    async with asyncio.timeout(5):
        await first
    await hass.async_block_till_done()
    assert 1 <= len(tv.tv.keys_pressed) < 20
    assert set(tv.tv.keys_pressed) == {"down"}
    assert tv.tv.power == "screen_off"
    assert hass.states.get(REMOTE).state == STATE_OFF


async def test_unload_stops_the_running_sequence(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """Unloading the entry removes the remote, and no key reaches the set after that."""
    tv = await setup_tv(simulator, add_tv)
    first = start_sending(hass, "down", **{ATTR_NUM_REPEATS: 20, ATTR_DELAY_SECS: 10})
    await first_key(tv)
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    assert await hass.config_entries.async_unload(entry.entry_id)
    async with asyncio.timeout(5):
        await first
    await hass.async_block_till_done()
    pressed = len(tv.tv.keys_pressed)
    assert 1 <= pressed < 20
    assert set(tv.tv.keys_pressed) == {"down"}


async def test_last_of_several_commands_wins(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """Two commands arriving while one runs: only one sequence is left running, the newest."""
    tv = await setup_tv(simulator, add_tv)
    first = start_sending(hass, "down", **{ATTR_NUM_REPEATS: 20, ATTR_DELAY_SECS: 10})
    await first_key(tv)
    second = start_sending(hass, "left", **{ATTR_NUM_REPEATS: 20, ATTR_DELAY_SECS: 10})
    third = start_sending(hass, "up", "enter")
    async with asyncio.timeout(5):
        await asyncio.gather(first, second, third)
    await hass.async_block_till_done()
    assert tv.tv.keys_pressed[-2:] == ["up", "enter"]
    assert tv.tv.keys_pressed.count("down") < 20
    assert tv.tv.keys_pressed.count("left") < 20
