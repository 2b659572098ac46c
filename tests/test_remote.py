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
    STATE_IDLE,
    STATE_OFF,
    STATE_ON,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er

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

REMOTE = "remote.living_room_tv_remote"


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


async def select_source(hass: HomeAssistant, source: str) -> None:
    await hass.services.async_call(
        "media_player",
        "select_source",
        {ATTR_ENTITY_ID: MEDIA_PLAYER, "source": source},
        blocking=True,
    )


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
        await send(hass, "up", "channel_9")
    assert err.value.translation_key == "unknown_key"
    assert "channel_9" in str(err.value)
    assert "volume_up" in str(err.value)
    assert "channel_up" in str(err.value)
    assert tv.tv.keys_pressed == []


async def test_home_key_shows_the_home_screen(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """Home brings the launcher back: the home screen is in front, not the last input."""
    tv = await setup_tv(simulator, add_tv)
    await select_source(hass, "HDMI 2")
    await select_source(hass, "YouTube")
    assert hass.states.get(MEDIA_PLAYER).attributes["media_title"] == "YouTube"
    await send(hass, "home")
    assert tv.tv.foreground_app == "com.mitv.tvhome"
    player = hass.states.get(MEDIA_PLAYER)
    assert player.state == STATE_IDLE
    assert player.attributes["source"] == player.attributes["media_title"] == "PatchWall"


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


async def test_remote_has_its_own_name(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, entity_registry: er.EntityRegistry
) -> None:
    """The remote is "<TV> Remote", a translated name: the device page lists two rows apart."""
    await setup_tv(simulator, add_tv)
    entry = entity_registry.async_get(REMOTE)
    assert entry is not None
    assert entry.translation_key == "remote"
    assert entry.has_entity_name
    assert hass.states.get(REMOTE).name == "Living room TV Remote"
    assert hass.states.get(MEDIA_PLAYER).name == "Living room TV"


@pytest.mark.parametrize(("language", "name"), [("zh-Hans", "遥控器"), ("zh-Hant", "遙控器")])
async def test_remote_name_in_chinese(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, language: str, name: str
) -> None:
    """The remote's name follows Home Assistant's language."""
    hass.config.language = language
    await setup_tv(simulator, add_tv)
    (remote,) = hass.states.async_all(REMOTE_DOMAIN)
    assert remote.name == f"Living room TV {name}"


@pytest.mark.parametrize("service", ["learn_command", "delete_command"])
async def test_no_infrared_learning(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, service: str
) -> None:
    """Learning and deleting codes: a translated "not supported", not an unknown error."""
    tv = await setup_tv(simulator, add_tv)
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            REMOTE_DOMAIN,
            service,
            {ATTR_ENTITY_ID: REMOTE, ATTR_COMMAND: ["power"]},
            blocking=True,
        )
    assert err.value.translation_key == "learning_not_supported"
    message = str(err.value)
    assert message.startswith("Not supported: Xiaomi TVs cannot learn or store infrared codes")
    assert "channel_up" in message
    assert tv.tv.keys_pressed == []


async def test_channel_keys_on_the_tuner(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """channel_up and channel_down press up and down while the TV input is in front."""
    tv = await setup_tv(simulator, add_tv)
    await select_source(hass, "TV")
    await send(hass, "channel_up", "Channel Up", "next channel", "channel-down")
    assert tv.tv.keys_pressed == ["up", "up", "up", "down"]
    assert tv.tv.channel == 3
    tv.tv.input_source = "DTMB"  # chosen with the set's own remote: the tuner too
    tv.tv.inputs.append("DTMB")
    await send(hass, "channel_down")
    assert tv.tv.channel == 2


@pytest.mark.parametrize(
    ("before", "key", "message"),
    [
        (
            "HDMI 1",
            "channel_needs_tuner",
            "Living room TV is showing HDMI 1, which has no channels. Switch it to the TV input",
        ),
        (
            "YouTube",
            "channel_needs_tuner",
            "Living room TV is showing YouTube, which has no channels. Switch it to the TV input",
        ),
        ("home", "channel_needs_tuner", "Living room TV is showing PatchWall, which"),
        ("screen off", "channel_needs_screen", "Living room TV is off: channels change"),
    ],
)
async def test_channel_keys_elsewhere_are_refused(
    hass: HomeAssistant,
    simulator: Simulator,
    add_tv: AddTv,
    before: str,
    key: str,
    message: str,
) -> None:
    """On an HDMI input, in an app or with the screen dark: refused, and no key is sent."""
    tv = await setup_tv(simulator, add_tv)
    if before == "home":
        await send(hass, "home")
    elif before == "screen off":
        await power(hass, SERVICE_TURN_OFF)
    elif before != "HDMI 1":
        await select_source(hass, before)
    pressed = list(tv.tv.keys_pressed)
    with pytest.raises(ServiceValidationError) as err:
        await send(hass, "channel_up")
    assert err.value.translation_key == key
    assert str(err.value).startswith(message)
    assert tv.tv.keys_pressed == pressed
    assert tv.tv.channel == 1


async def test_channel_keys_where_the_source_is_unknown(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """An HTTP-only set tells no input: until one is chosen, channel keys are not sent."""
    tv = await setup_tv(simulator, add_tv, HTTP_ONLY)
    with pytest.raises(ServiceValidationError) as err:
        await send(hass, "channel_down")
    assert err.value.translation_key == "channel_source_unknown"
    assert "It is not known what Living room TV is showing" in str(err.value)
    assert tv.tv.keys_pressed == []
    await select_source(hass, "TV")
    await send(hass, "channel_up")
    assert tv.tv.channel == 2


async def test_mute_toggles_over_miot(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """Mute is MIoT's mute property, toggled: twice is back to sound."""
    tv = await setup_tv(simulator, add_tv)
    await send(hass, "mute")
    assert tv.tv.muted is True
    assert hass.states.get(MEDIA_PLAYER).attributes["is_volume_muted"] is True
    await send(hass, "Mute")
    assert tv.tv.muted is False
    assert tv.tv.keys_pressed == []


async def test_mute_needs_miot(hass: HomeAssistant, simulator: Simulator, add_tv: AddTv) -> None:
    """A set without a token cannot mute: said before anything is sent."""
    tv = await setup_tv(simulator, add_tv, HTTP_ONLY)
    with pytest.raises(HomeAssistantError) as err:
        await send(hass, "up", "mute")
    assert err.value.translation_key == "miot_required"
    assert tv.tv.keys_pressed == []


async def test_power_over_miot(hass: HomeAssistant, simulator: Simulator, add_tv: AddTv) -> None:
    """Without the HTTP API the power command still switches the set off, over MIoT."""
    tv = await setup_tv(simulator, add_tv, MIOT_ONLY)
    await send(hass, "power")
    assert tv.tv.power == "off"
    assert hass.states.get(REMOTE).state == STATE_OFF
