"""TVs as media players, driven through Home Assistant against the simulated set.

Three kinds of set: MIoT + HTTP (a token, and the port-6095 API answers), MIoT only (the API is
gone) and HTTP only (an older MIUI set added by host, without a token: no miIO at all).
"""

from __future__ import annotations

import logging
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.components.media_player import (
    ATTR_APP_ID,
    ATTR_APP_NAME,
    ATTR_INPUT_SOURCE,
    ATTR_INPUT_SOURCE_LIST,
    ATTR_MEDIA_CONTENT_ID,
    ATTR_MEDIA_CONTENT_TYPE,
    ATTR_MEDIA_TITLE,
    ATTR_MEDIA_VOLUME_LEVEL,
    ATTR_MEDIA_VOLUME_MUTED,
    SERVICE_PLAY_MEDIA,
    SERVICE_SELECT_SOURCE,
)
from homeassistant.components.media_player import DOMAIN as MEDIA_PLAYER_DOMAIN
from homeassistant.components.media_player.const import MediaPlayerEntityFeature
from homeassistant.components.switch.const import DOMAIN as SWITCH_DOMAIN
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import (
    ATTR_ASSUMED_STATE,
    ATTR_ENTITY_ID,
    ATTR_ENTITY_PICTURE,
    ATTR_SUPPORTED_FEATURES,
    CONF_HOST,
    SERVICE_MEDIA_NEXT_TRACK,
    SERVICE_MEDIA_PAUSE,
    SERVICE_MEDIA_PLAY,
    SERVICE_MEDIA_PREVIOUS_TRACK,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    SERVICE_VOLUME_DOWN,
    SERVICE_VOLUME_MUTE,
    SERVICE_VOLUME_SET,
    SERVICE_VOLUME_UP,
    STATE_IDLE,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from custom_components.xiaomi_living.client.errors import (
    DeviceError,
    MiotRequiredError,
    TelevisionUnreachableError,
    TokenRejectedError,
    TvHttpCommandError,
    TvHttpResponseError,
    TvHttpUnreachableError,
    WakeOnLanError,
)
from custom_components.xiaomi_living.const import (
    CONF_MODEL,
    CONF_TV_TURN_OFF,
    CONF_WAKE_ON_LAN,
    DOMAIN,
    TV_TURN_OFF_POWER,
)
from custom_components.xiaomi_living.coordinator import FAILURES_BEFORE_UNAVAILABLE
from custom_components.xiaomi_living.entity import translated_error
from tests.conftest import AddTv
from tests.simulator.fleet import Simulator
from tests.simulator.tv import SimulatedTv
from tests.simulator.tv_state import HTTP_MAX_VOLUME

ENTITY = "media_player.living_room_tv"
REMOTE = "remote.living_room_tv_remote"  # named "Living room TV Remote"
# What Home Assistant's media proxy answers for an image it could not get (500, 404 in 2026.10)
NO_IMAGE = {404, 500}
SCREEN = "switch.living_room_tv_screen"
TV_MODEL = "xiaomi.tv.mitv5proh1"
# Fixed identities so that snapshots are stable.
DEVICE_ID = 271828182
TOKEN = bytes.fromhex("ffeeddccbbaa99887766554433221100")
MAC = "A4:39:B3:12:34:56"

MIOT_HTTP = "miot_http"
MIOT_ONLY = "miot_only"
HTTP_ONLY = "http_only"
VARIANTS = [MIOT_HTTP, MIOT_ONLY, HTTP_ONLY]
WITH_MIOT = [MIOT_HTTP, MIOT_ONLY]
WITH_HTTP = [MIOT_HTTP, HTTP_ONLY]

YOUTUBE = "com.google.android.youtube.tv"
INPUTS = ["TV", "AV", "HDMI 1", "HDMI 2", "HDMI 3"]
POWER_OFF_OPTIONS = {CONF_TV_TURN_OFF: TV_TURN_OFF_POWER}


async def start_tv(simulator: Simulator, variant: str = MIOT_HTTP, **options: Any) -> SimulatedTv:
    """Start a simulated TV with fixed identities; a MIoT-only set has its HTTP API stopped."""
    tv = await simulator(TV_MODEL, device_id=DEVICE_ID, token=TOKEN, mac=MAC, **options)
    assert isinstance(tv, SimulatedTv)
    if variant == MIOT_ONLY:
        await tv.stop_http()
    return tv


async def setup_tv(
    simulator: Simulator, add_tv: AddTv, variant: str = MIOT_HTTP, **entry: Any
) -> SimulatedTv:
    tv = await start_tv(simulator, variant)
    await add_tv(tv, http_only=variant == HTTP_ONLY, **entry)
    return tv


async def call(hass: HomeAssistant, service: str, **data: Any) -> None:
    await hass.services.async_call(
        MEDIA_PLAYER_DOMAIN, service, {ATTR_ENTITY_ID: ENTITY, **data}, blocking=True
    )


def http_level(tv: SimulatedTv) -> float:
    """Return the volume level the HTTP API's coarse scale gives."""
    return round(tv.tv.http_volume() / HTTP_MAX_VOLUME * 100) / 100


def attributes(hass: HomeAssistant) -> dict[str, Any]:
    return dict(hass.states.get(ENTITY).attributes)


def state(hass: HomeAssistant) -> str:
    return hass.states.get(ENTITY).state


async def refresh(hass: HomeAssistant, times: int = 1) -> None:
    coordinator = hass.config_entries.async_entries(DOMAIN)[0].runtime_data.coordinator
    for _ in range(times):
        await coordinator.async_refresh()


@pytest.mark.parametrize("variant", VARIANTS)
async def test_entities(
    hass: HomeAssistant,
    simulator: Simulator,
    add_tv: AddTv,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    variant: str,
) -> None:
    """The media player, remote and screen switch (MIoT sets) of each kind of set."""
    tv = await start_tv(simulator, variant)
    entry = await add_tv(tv, http_only=variant == HTTP_ONLY)
    entities = er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    expected = [ENTITY, REMOTE]
    if variant != HTTP_ONLY:
        expected.append(SCREEN)
    assert sorted(entity.entity_id for entity in entities) == expected
    for entity in sorted(entities, key=lambda e: e.entity_id):
        assert entity == snapshot(name=f"{entity.entity_id}-entry")
        assert hass.states.get(entity.entity_id) == snapshot(name=f"{entity.entity_id}-state")
    if variant == HTTP_ONLY:
        assert tv.requests == []  # never a word of miIO to a set added without a token
    else:
        assert entry.runtime_data.client is not None


async def test_device_registry(
    hass: HomeAssistant,
    simulator: Simulator,
    add_tv: AddTv,
    device_registry: dr.DeviceRegistry,
) -> None:
    """One device per TV, with its model, firmware and MAC."""
    tv = await setup_tv(simulator, add_tv)
    # By config entry: HA 2026.8+ deprecates looking a device up by identifiers alone
    (config_entry,) = hass.config_entries.async_entries(DOMAIN)
    (device,) = dr.async_entries_for_config_entry(device_registry, config_entry.entry_id)
    assert device.identifiers == {(DOMAIN, str(DEVICE_ID))}
    assert device.manufacturer == "Xiaomi"
    assert device.model == "Xiaomi TV"
    assert device.model_id == TV_MODEL
    assert device.sw_version == tv.profile.fw_ver
    assert device.name == "Living room TV"
    assert (dr.CONNECTION_NETWORK_MAC, MAC.lower()) in device.connections


async def test_unload(hass: HomeAssistant, simulator: Simulator, add_tv: AddTv) -> None:
    """A TV entry unloads its media player, remote and screen switch."""
    await setup_tv(simulator, add_tv)
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    assert entry.runtime_data.coordinator.PLATFORMS == ("media_player", "remote", "switch")
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert entry.state is ConfigEntryState.NOT_LOADED
    assert state(hass) == STATE_UNAVAILABLE


@pytest.mark.parametrize("variant", WITH_MIOT)
async def test_volume_set_and_mute(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, variant: str
) -> None:
    """Absolute volume and mute go over MIoT, with or without the HTTP API."""
    tv = await setup_tv(simulator, add_tv, variant)
    await call(hass, SERVICE_VOLUME_SET, **{ATTR_MEDIA_VOLUME_LEVEL: 0.42})
    assert tv.tv.volume == 42
    assert attributes(hass)[ATTR_MEDIA_VOLUME_LEVEL] == 0.42
    await call(hass, SERVICE_VOLUME_MUTE, **{ATTR_MEDIA_VOLUME_MUTED: True})
    assert tv.tv.muted is True
    assert attributes(hass)[ATTR_MEDIA_VOLUME_MUTED] is True
    await call(hass, SERVICE_VOLUME_MUTE, **{ATTR_MEDIA_VOLUME_MUTED: False})
    assert tv.tv.muted is False


@pytest.mark.parametrize("variant", WITH_MIOT)
async def test_volume_steps_over_miot(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, variant: str
) -> None:
    """Volume up/down move five points over MIoT."""
    tv = await setup_tv(simulator, add_tv, variant)
    await call(hass, SERVICE_VOLUME_UP)
    assert tv.tv.volume == 35
    assert attributes(hass)[ATTR_MEDIA_VOLUME_LEVEL] == 0.35
    await call(hass, SERVICE_VOLUME_DOWN)
    await call(hass, SERVICE_VOLUME_DOWN)
    assert tv.tv.volume == 25
    assert tv.tv.keys_pressed == []


async def test_http_only_volume(hass: HomeAssistant, simulator: Simulator, add_tv: AddTv) -> None:
    """Without MIoT the volume is read over HTTP and moved with remote keys; no absolute set."""
    tv = await setup_tv(simulator, add_tv, HTTP_ONLY)
    features = attributes(hass)[ATTR_SUPPORTED_FEATURES]
    assert not features & MediaPlayerEntityFeature.VOLUME_SET
    assert not features & MediaPlayerEntityFeature.VOLUME_MUTE
    assert attributes(hass)[ATTR_MEDIA_VOLUME_LEVEL] == http_level(tv) == 0.27
    await call(hass, SERVICE_VOLUME_UP)
    await call(hass, SERVICE_VOLUME_UP)
    await call(hass, SERVICE_VOLUME_DOWN)
    assert tv.tv.keys_pressed == ["volumeup", "volumeup", "volumedown"]
    assert attributes(hass)[ATTR_MEDIA_VOLUME_LEVEL] == http_level(tv) == 0.33
    with pytest.raises(HomeAssistantError):
        await call(hass, SERVICE_VOLUME_SET, **{ATTR_MEDIA_VOLUME_LEVEL: 0.5})
    assert tv.requests == []


@pytest.mark.parametrize("variant", VARIANTS)
async def test_select_input(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, variant: str
) -> None:
    """Inputs switch over MIoT (value list index) or over the HTTP API's changesource."""
    tv = await setup_tv(simulator, add_tv, variant)
    assert attributes(hass)[ATTR_INPUT_SOURCE_LIST][:5] == [
        "TV",
        "AV",
        "HDMI 1",
        "HDMI 2",
        "HDMI 3",
    ]
    for source in ("HDMI 2", "AV", "HDMI 3"):
        await call(hass, SERVICE_SELECT_SOURCE, **{ATTR_INPUT_SOURCE: source})
        assert tv.tv.input_source == source
        assert attributes(hass)[ATTR_INPUT_SOURCE] == source
        assert state(hass) == STATE_ON


@pytest.mark.parametrize("variant", WITH_HTTP)
async def test_apps_are_sources(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, variant: str
) -> None:
    """Installed apps follow the inputs in the source list; choosing one launches it."""
    tv = await setup_tv(simulator, add_tv, variant)
    sources = attributes(hass)[ATTR_INPUT_SOURCE_LIST]
    assert sources == [
        "TV", "AV", "HDMI 1", "HDMI 2", "HDMI 3",
        "PatchWall", "iQIYI", "Tencent Video", "Youku", "Media Explorer", "YouTube",
    ]  # fmt: skip
    await call(hass, SERVICE_SELECT_SOURCE, **{ATTR_INPUT_SOURCE: "YouTube"})
    assert tv.tv.foreground_app == YOUTUBE
    attrs = attributes(hass)
    assert state(hass) == STATE_ON  # nothing tells whether it plays
    assert attrs[ATTR_ASSUMED_STATE] is True
    assert attrs[ATTR_INPUT_SOURCE] == "YouTube"
    assert attrs[ATTR_MEDIA_TITLE] == "YouTube"
    assert attrs[ATTR_APP_ID] == YOUTUBE
    assert ATTR_APP_NAME not in attrs  # the title says it: no "YouTube / YouTube"
    assert attrs[ATTR_MEDIA_CONTENT_TYPE] == "app"

    # Someone picks another input with the remote: no app of ours is in front any more.
    if variant == MIOT_HTTP:
        tv.tv.input_source = "HDMI 3"
        await refresh(hass)
        attrs = attributes(hass)
        assert state(hass) == STATE_ON
        assert attrs[ATTR_INPUT_SOURCE] == "HDMI 3"
        assert attrs[ATTR_MEDIA_TITLE] == "HDMI 3"
        assert ATTR_APP_ID not in attrs
        assert ATTR_ENTITY_PICTURE not in attrs


@pytest.mark.parametrize("media_id", [YOUTUBE, "Youku"])
async def test_play_media_app(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, media_id: str
) -> None:
    """play_media with media type app opens an app by package (or by name)."""
    tv = await setup_tv(simulator, add_tv)
    await call(
        hass,
        SERVICE_PLAY_MEDIA,
        **{ATTR_MEDIA_CONTENT_TYPE: "app", ATTR_MEDIA_CONTENT_ID: media_id},
    )
    assert tv.tv.foreground_app in {YOUTUBE, "com.youku.taitan.tv"}
    assert state(hass) == STATE_ON
    assert attributes(hass)[ATTR_APP_ID] == tv.tv.foreground_app


async def test_playback_keys(hass: HomeAssistant, simulator: Simulator, add_tv: AddTv) -> None:
    """Pause and play press OK, next and previous press right and left; the state stays on."""
    tv = await setup_tv(simulator, add_tv)
    await call(hass, SERVICE_SELECT_SOURCE, **{ATTR_INPUT_SOURCE: "iQIYI"})
    await call(hass, SERVICE_MEDIA_PLAY)
    assert tv.tv.playing is True
    assert state(hass) == STATE_ON  # the set does not tell: never claimed
    await call(hass, SERVICE_MEDIA_PAUSE)
    assert tv.tv.playing is False
    assert state(hass) == STATE_ON
    await call(hass, SERVICE_MEDIA_NEXT_TRACK)
    await call(hass, SERVICE_MEDIA_PREVIOUS_TRACK)
    assert tv.tv.keys_pressed == ["enter", "enter", "right", "left"]
    assert state(hass) == STATE_ON
    assert attributes(hass)[ATTR_MEDIA_TITLE] == "iQIYI"


async def test_miot_only_features(hass: HomeAssistant, simulator: Simulator, add_tv: AddTv) -> None:
    """Without the HTTP API: no apps, no playback keys; inputs, volume and power stay."""
    await setup_tv(simulator, add_tv, MIOT_ONLY)
    features = attributes(hass)[ATTR_SUPPORTED_FEATURES]
    assert features & MediaPlayerEntityFeature.VOLUME_SET
    assert features & MediaPlayerEntityFeature.SELECT_SOURCE
    assert features & MediaPlayerEntityFeature.PLAY_MEDIA  # inputs, by play_media or browsing
    assert features & MediaPlayerEntityFeature.BROWSE_MEDIA
    assert not features & MediaPlayerEntityFeature.PAUSE
    assert attributes(hass)[ATTR_INPUT_SOURCE_LIST] == INPUTS
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, SERVICE_SELECT_SOURCE, **{ATTR_INPUT_SOURCE: "YouTube"})
    assert err.value.translation_key == "unknown_source"


@pytest.mark.parametrize("variant", WITH_MIOT)
async def test_screen_off_and_back_on(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, variant: str
) -> None:
    """On -> screen off (MIoT speaker mode, the default turn_off) -> on."""
    tv = await setup_tv(simulator, add_tv, variant)
    await call(hass, SERVICE_TURN_OFF)
    assert tv.tv.power == "screen_off"
    assert state(hass) == STATE_OFF
    assert attributes(hass)["power_state"] == "screen_off"
    await refresh(hass)
    assert state(hass) == STATE_OFF
    await call(hass, SERVICE_TURN_OFF)  # already dark: nothing to do
    assert tv.tv.power == "screen_off"
    await call(hass, SERVICE_TURN_ON)
    assert tv.tv.power == "on"
    assert state(hass) == STATE_ON
    assert attributes(hass)["power_state"] == "on"
    await call(hass, SERVICE_TURN_ON)  # already on: nothing to do
    assert tv.tv.wake_on_lan_packets == 0


@pytest.mark.parametrize("variant", VARIANTS)
async def test_full_power_off_then_wake_on_lan(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, variant: str
) -> None:
    """On -> fully off (HTTP gone, miIO silent) -> available and off -> magic packet -> on."""
    tv = await setup_tv(simulator, add_tv, variant, options=POWER_OFF_OPTIONS)
    await call(hass, SERVICE_TURN_OFF)
    assert tv.tv.power == "off"
    assert state(hass) == STATE_OFF
    assert attributes(hass)["power_state"] == "off"
    await refresh(hass, FAILURES_BEFORE_UNAVAILABLE + 1)
    assert state(hass) == STATE_OFF
    assert attributes(hass)["power_state"] == "off"
    await call(hass, SERVICE_TURN_OFF)  # already off: nothing to send
    assert tv.tv.wake_on_lan_packets == 0

    await call(hass, SERVICE_TURN_ON)
    assert tv.tv.wake_on_lan_packets == 1
    assert tv.tv.power == "on"
    assert state(hass) == STATE_ON
    assert attributes(hass)["power_state"] == "on"
    await refresh(hass)  # the set may have booted after the confirming read: the next poll sees it
    assert state(hass) == STATE_ON
    assert attributes(hass)[ATTR_MEDIA_VOLUME_LEVEL] is not None


async def test_http_only_turn_off_is_full_power_off(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """A set without MIoT cannot darken its screen: turn_off uses the power key."""
    tv = await setup_tv(simulator, add_tv, HTTP_ONLY)
    await call(hass, SERVICE_TURN_OFF)
    assert tv.tv.keys_pressed == ["power"]
    assert tv.tv.power == "off"
    assert attributes(hass)["power_state"] == "off"


async def test_switched_off_elsewhere_is_off_not_unavailable(
    hass: HomeAssistant,
    simulator: Simulator,
    add_tv: AddTv,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Silence on both channels: two polls keep the last state, the third shows off; no warnings."""
    caplog.set_level(logging.DEBUG)
    tv = await setup_tv(simulator, add_tv)
    caplog.clear()
    tv.tv.power = "off"
    await refresh(hass, FAILURES_BEFORE_UNAVAILABLE - 1)
    assert state(hass) == STATE_ON
    await refresh(hass)
    assert state(hass) == STATE_OFF
    assert attributes(hass)["power_state"] == "off"
    await refresh(hass, 5)
    assert state(hass) == STATE_OFF
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert len([r for r in caplog.records if "fully off" in r.getMessage()]) == 1

    tv.tv.power = "on"  # switched on with its own remote
    await refresh(hass)
    assert state(hass) == STATE_ON
    assert attributes(hass)["power_state"] == "on"


async def test_setup_while_fully_off(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """A TV that is off when Home Assistant starts is set up as off, and can be woken."""
    tv = await start_tv(simulator)
    tv.tv.power = "off"
    entry = await add_tv(tv)
    assert entry.state is ConfigEntryState.LOADED
    assert state(hass) == STATE_OFF
    assert attributes(hass)["power_state"] == "off"
    assert entry.runtime_data.info.model == TV_MODEL
    await call(hass, SERVICE_TURN_ON)
    assert tv.tv.wake_on_lan_packets == 1
    assert state(hass) == STATE_ON


async def test_http_only_set_off_at_setup(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """An HTTP-only set that has never answered offers no sources until it does."""
    tv = await start_tv(simulator)
    tv.tv.power = "off"
    await add_tv(tv, http_only=True)
    assert state(hass) == STATE_OFF
    assert ATTR_INPUT_SOURCE_LIST not in attributes(hass)
    assert not attributes(hass)[ATTR_SUPPORTED_FEATURES] & MediaPlayerEntityFeature.SELECT_SOURCE
    await call(hass, SERVICE_TURN_ON)
    await refresh(hass)
    assert state(hass) == STATE_ON
    assert attributes(hass)[ATTR_INPUT_SOURCE_LIST][:5] == INPUTS
    assert "YouTube" in attributes(hass)[ATTR_INPUT_SOURCE_LIST]


async def test_wake_on_lan_switched_off_in_options(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """The user does not want wake-on-LAN: turn_on says so."""
    tv = await setup_tv(simulator, add_tv, options={**POWER_OFF_OPTIONS, CONF_WAKE_ON_LAN: False})
    await call(hass, SERVICE_TURN_OFF)
    with pytest.raises(HomeAssistantError) as err:
        await call(hass, SERVICE_TURN_ON)
    assert err.value.translation_key == "wake_on_lan_disabled"
    assert "Living room TV" in str(err.value)
    assert tv.tv.wake_on_lan_packets == 0
    assert tv.tv.power == "off"


async def test_wake_on_lan_needs_a_mac(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """No MAC in the entry and no HTTP API to tell it: turn_on explains why it cannot wake."""
    tv = await setup_tv(simulator, add_tv, MIOT_ONLY, known_mac=False, options=POWER_OFF_OPTIONS)
    await call(hass, SERVICE_TURN_OFF)
    with pytest.raises(HomeAssistantError) as err:
        await call(hass, SERVICE_TURN_ON)
    assert err.value.translation_key == "wake_on_lan_no_mac"
    assert str(err.value).startswith("Living room TV is fully off")
    assert tv.tv.power == "off"


async def test_wake_on_lan_uses_the_macs_the_set_reported(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """The HTTP API's system info tells the set's MACs when the entry has none."""
    tv = await setup_tv(simulator, add_tv, known_mac=False, options=POWER_OFF_OPTIONS)
    await call(hass, SERVICE_TURN_OFF)
    await call(hass, SERVICE_TURN_ON)
    assert tv.tv.wake_on_lan_packets == 1
    assert state(hass) == STATE_ON


async def test_wake_on_lan_not_sent(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """A packet that cannot leave the machine gives a translated error."""
    tv = await setup_tv(simulator, add_tv, options=POWER_OFF_OPTIONS)
    await call(hass, SERVICE_TURN_OFF)
    with (
        patch(
            "custom_components.xiaomi_living.client.television.send_wake_on_lan",
            side_effect=WakeOnLanError("network unreachable"),
        ),
        pytest.raises(HomeAssistantError) as err,
    ):
        await call(hass, SERVICE_TURN_ON)
    assert err.value.translation_key == "wake_on_lan_failed"
    assert "network unreachable" in str(err.value)
    assert state(hass) == STATE_OFF
    assert tv.tv.power == "off"


async def test_miot_down_http_serves(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """MiIO goes silent: the set stays on through HTTP, and commands take the HTTP way."""
    tv = await setup_tv(simulator, add_tv)
    tv.faults.offline = True
    await refresh(hass, FAILURES_BEFORE_UNAVAILABLE + 1)
    assert state(hass) == STATE_ON
    assert attributes(hass)[ATTR_MEDIA_VOLUME_LEVEL] == http_level(tv)
    assert "YouTube" in attributes(hass)[ATTR_INPUT_SOURCE_LIST]
    await call(hass, SERVICE_SELECT_SOURCE, **{ATTR_INPUT_SOURCE: "HDMI 2"})
    assert tv.tv.input_source == "HDMI 2"
    await call(hass, SERVICE_VOLUME_UP)
    assert tv.tv.keys_pressed == ["volumeup"]
    with pytest.raises(HomeAssistantError) as err:
        await call(hass, SERVICE_VOLUME_MUTE, **{ATTR_MEDIA_VOLUME_MUTED: True})
    assert err.value.translation_key == "cannot_connect"


async def test_http_down_miot_serves(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """The HTTP API goes away: inputs and volume keep working; apps say what is missing."""
    tv = await setup_tv(simulator, add_tv)
    await tv.stop_http()
    await refresh(hass)
    assert state(hass) == STATE_ON
    assert attributes(hass)[ATTR_INPUT_SOURCE_LIST] == INPUTS
    await call(hass, SERVICE_SELECT_SOURCE, **{ATTR_INPUT_SOURCE: "TV"})
    assert tv.tv.input_source == "TV"
    await call(hass, SERVICE_VOLUME_UP)
    assert tv.tv.volume == 35
    with pytest.raises(HomeAssistantError) as err:
        await call(hass, SERVICE_SELECT_SOURCE, **{ATTR_INPUT_SOURCE: "YouTube"})
    assert err.value.translation_key == "http_unreachable"
    assert tv.host in str(err.value)
    assert tv.tv.showing == "TV"


@pytest.mark.parametrize(
    ("fault", "value", "healed", "translation_key", "message"),
    [
        ("html", True, False, "http_bad_answer", "not JSON"),
        ("http_status", 500, None, "http_bad_answer", "HTTP 500"),
        ("delay", 5.0, 0.0, "http_unreachable", "port 6095"),
    ],
)
async def test_http_faults(
    hass: HomeAssistant,
    simulator: Simulator,
    add_tv: AddTv,
    fault: str,
    value: Any,
    healed: Any,
    translation_key: str,
    message: str,
) -> None:
    """An API answering HTML, 500 or nothing in time: the set stays on (MIoT), apps fail clearly."""
    tv = await setup_tv(simulator, add_tv)
    assert tv.http is not None
    setattr(tv.http.faults, fault, value)
    await refresh(hass)
    assert state(hass) == STATE_ON
    assert attributes(hass)[ATTR_INPUT_SOURCE_LIST] == INPUTS
    with pytest.raises(HomeAssistantError) as err:
        await call(hass, SERVICE_SELECT_SOURCE, **{ATTR_INPUT_SOURCE: "YouTube"})
    assert err.value.translation_key == translation_key
    assert message in str(err.value)
    assert tv.tv.foreground_app == "com.mitv.tvhome"

    setattr(tv.http.faults, fault, healed)
    await refresh(hass)
    assert "YouTube" in attributes(hass)[ATTR_INPUT_SOURCE_LIST]


async def test_http_only_set_answering_html_turns_off(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """An HTTP-only set whose API answers HTML cannot be told from an off set: off, available."""
    tv = await setup_tv(simulator, add_tv, HTTP_ONLY)
    assert tv.http is not None
    tv.http.faults.html = True
    await refresh(hass, FAILURES_BEFORE_UNAVAILABLE)
    assert state(hass) == STATE_OFF
    assert attributes(hass)["power_state"] == "off"


async def test_unknown_app_is_refused_by_the_tv(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """A package the set does not have: the set's refusal becomes a translated error."""
    tv = await setup_tv(simulator, add_tv)
    with pytest.raises(HomeAssistantError) as err:
        await call(
            hass,
            SERVICE_PLAY_MEDIA,
            **{ATTR_MEDIA_CONTENT_TYPE: "app", ATTR_MEDIA_CONTENT_ID: "com.example.missing"},
        )
    assert err.value.translation_key == "tv_refused"
    assert "app not found" in str(err.value)
    assert state(hass) == STATE_ON
    assert tv.tv.foreground_app == "com.mitv.tvhome"


async def test_unknown_source_and_media_type(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """A source that is neither input nor app, or media other than an app: nothing is sent."""
    tv = await setup_tv(simulator, add_tv)
    sent = len(tv.requests)
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, SERVICE_SELECT_SOURCE, **{ATTR_INPUT_SOURCE: "HDMI 9"})
    assert err.value.translation_key == "unknown_source"
    assert "HDMI 9" in str(err.value)
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            SERVICE_PLAY_MEDIA,
            **{ATTR_MEDIA_CONTENT_TYPE: "music", ATTR_MEDIA_CONTENT_ID: "song.mp3"},
        )
    assert err.value.translation_key == "unsupported_media_type"
    assert len(tv.requests) == sent
    assert tv.tv.input_source == "HDMI 1"


async def test_device_error_keeps_the_state(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """A refused MIoT write names the code; the volume shown stays the set's."""
    tv = await setup_tv(simulator, add_tv)
    tv.faults.force_error(-4004, "internal error", method="set_properties", count=None)
    with pytest.raises(HomeAssistantError) as err:
        await call(hass, SERVICE_VOLUME_SET, **{ATTR_MEDIA_VOLUME_LEVEL: 0.8})
    assert err.value.translation_key == "device_error"
    assert tv.tv.volume == 30
    assert attributes(hass)[ATTR_MEDIA_VOLUME_LEVEL] == 0.3


async def test_token_change_starts_reauth(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """A set that starts rejecting the token asks the user for a new one."""
    tv = await setup_tv(simulator, add_tv)
    tv.change_token()
    tv.reboot()
    await refresh(hass)
    await hass.async_block_till_done()
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]


async def test_entry_without_token_must_be_a_tv(hass: HomeAssistant) -> None:
    """Only a TV can be set up by host alone (over its HTTP API)."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id="1",
        data={CONF_HOST: "127.0.0.2", CONF_MODEL: "xiaomi.aircondition.mc4"},
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert "xiaomi.aircondition.mc4" in str(entry.reason)


@pytest.mark.parametrize(
    ("error", "translation_key", "text"),
    [
        (TvHttpCommandError(1, "unknown keycode"), "tv_refused", "unknown keycode"),
        (TvHttpUnreachableError("refused"), "http_unreachable", "127.0.0.9"),
        (TvHttpResponseError("HTTP 500 for /controller"), "http_bad_answer", "HTTP 500"),
        (MiotRequiredError("no MIoT"), "miot_required", "token"),
        (WakeOnLanError("no route"), "wake_on_lan_failed", "no route"),
        (DeviceError(-4004, "internal"), "device_error", "-4004"),
        (TokenRejectedError("bad"), "token_rejected", "127.0.0.9"),
        (TelevisionUnreachableError("silent"), "cannot_connect", "127.0.0.9"),
    ],
)
async def test_translated_errors(
    hass: HomeAssistant, error: Exception, translation_key: str, text: str
) -> None:
    """Every client error becomes a Home Assistant error with a translated message."""
    await async_setup_component(hass, DOMAIN, {})
    translated = translated_error(error, "127.0.0.9")  # type: ignore[arg-type]
    assert translated.translation_key == translation_key
    assert text in str(translated)


async def test_screen_switch(hass: HomeAssistant, simulator: Simulator, add_tv: AddTv) -> None:
    """The screen switch darkens the screen only, even where turn_off powers the set off."""
    tv = await setup_tv(simulator, add_tv, options=POWER_OFF_OPTIONS)
    assert hass.states.get(SCREEN).state == STATE_ON

    await hass.services.async_call(
        SWITCH_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: SCREEN}, blocking=True
    )
    assert tv.tv.power == "screen_off"
    assert hass.states.get(SCREEN).state == STATE_OFF
    assert state(hass) == STATE_OFF
    assert attributes(hass)["power_state"] == "screen_off"
    # Off again: nothing to do, nothing sent
    sent = len(tv.requests)
    await hass.services.async_call(
        SWITCH_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: SCREEN}, blocking=True
    )
    assert len(tv.requests) == sent

    await hass.services.async_call(
        SWITCH_DOMAIN, SERVICE_TURN_ON, {ATTR_ENTITY_ID: SCREEN}, blocking=True
    )
    assert tv.tv.power == "on"
    assert hass.states.get(SCREEN).state == STATE_ON
    assert state(hass) == STATE_ON


# What is in front, as the card shows it (docs/tv.md#what-the-set-tells) -------------------------


async def press(hass: HomeAssistant, *keys: str) -> None:
    await hass.services.async_call(
        "remote", "send_command", {ATTR_ENTITY_ID: REMOTE, "command": list(keys)}, blocking=True
    )


@pytest.mark.parametrize("variant", WITH_HTTP)
async def test_state_follows_what_is_in_front(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, variant: str
) -> None:
    """Input: on, titled by the input. App: on, titled by the app. Home: idle. Never playing."""
    tv = await setup_tv(simulator, add_tv, variant)
    await call(hass, SERVICE_SELECT_SOURCE, **{ATTR_INPUT_SOURCE: "HDMI 2"})
    attrs = attributes(hass)
    assert state(hass) == STATE_ON
    assert attrs[ATTR_INPUT_SOURCE] == attrs[ATTR_MEDIA_TITLE] == "HDMI 2"
    assert ATTR_MEDIA_CONTENT_TYPE not in attrs
    assert ATTR_ASSUMED_STATE not in attrs
    # Play on an HDMI input: the key goes to the set (and on to the player over HDMI-CEC), and
    # the state does not pretend to know what followed.
    await call(hass, SERVICE_MEDIA_PLAY)
    assert tv.tv.keys_pressed == ["enter"]
    assert state(hass) == STATE_ON
    assert attributes(hass)[ATTR_MEDIA_TITLE] == "HDMI 2"

    await call(hass, SERVICE_SELECT_SOURCE, **{ATTR_INPUT_SOURCE: "YouTube"})
    assert attributes(hass)[ATTR_MEDIA_TITLE] == "YouTube"
    # Home inside an app is the home screen, not the last input.
    await press(hass, "home")
    assert tv.tv.showing == "home"
    attrs = attributes(hass)
    assert state(hass) == STATE_IDLE
    assert attrs[ATTR_INPUT_SOURCE] == attrs[ATTR_MEDIA_TITLE] == "PatchWall"
    assert attrs[ATTR_APP_ID] == "com.mitv.tvhome"
    await refresh(hass)
    assert state(hass) == STATE_IDLE
    assert attributes(hass)[ATTR_INPUT_SOURCE] == "PatchWall"


@pytest.mark.parametrize(
    "service",
    [
        SERVICE_MEDIA_PLAY,
        SERVICE_MEDIA_PAUSE,
        SERVICE_MEDIA_NEXT_TRACK,
        SERVICE_MEDIA_PREVIOUS_TRACK,
    ],
)
async def test_no_playback_on_the_home_screen(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, service: str
) -> None:
    """On the home screen OK would open a tile: play, pause and skip are refused, nothing sent."""
    tv = await setup_tv(simulator, add_tv)
    await press(hass, "home")
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, service)
    assert err.value.translation_key == "nothing_playing_on_home_screen"
    assert str(err.value).startswith("Living room TV is showing its home screen")
    assert tv.tv.keys_pressed == ["home"]


@pytest.mark.parametrize("variant", WITH_MIOT)
async def test_screen_off_and_on_forgets_the_app(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, variant: str
) -> None:
    """After the screen was dark, the title is what the set reports (its input), not the app."""
    tv = await setup_tv(simulator, add_tv, variant)
    if variant == MIOT_HTTP:
        await call(hass, SERVICE_SELECT_SOURCE, **{ATTR_INPUT_SOURCE: "YouTube"})
        assert attributes(hass)[ATTR_MEDIA_TITLE] == "YouTube"
    await call(hass, SERVICE_TURN_OFF)
    assert state(hass) == STATE_OFF
    assert ATTR_MEDIA_TITLE not in attributes(hass)
    await call(hass, SERVICE_TURN_ON)
    attrs = attributes(hass)
    assert state(hass) == STATE_ON
    assert attrs[ATTR_INPUT_SOURCE] == attrs[ATTR_MEDIA_TITLE] == tv.tv.input_source == "HDMI 1"
    assert ATTR_APP_ID not in attrs


@pytest.mark.parametrize("source", ["hdmi 2", "HDMI2", "Hdmi 2", " hdmi-2 "])
async def test_select_source_ignores_case_and_spaces(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, source: str
) -> None:
    """An input or an app named in any case, with or without spaces."""
    tv = await setup_tv(simulator, add_tv)
    await call(hass, SERVICE_SELECT_SOURCE, **{ATTR_INPUT_SOURCE: source})
    assert tv.tv.showing == "HDMI 2"
    assert attributes(hass)[ATTR_INPUT_SOURCE] == "HDMI 2"
    await call(hass, SERVICE_SELECT_SOURCE, **{ATTR_INPUT_SOURCE: "tencent video"})
    assert tv.tv.foreground_app == "com.ktcp.video"
    assert attributes(hass)[ATTR_INPUT_SOURCE] == "Tencent Video"


async def test_unknown_source_lists_the_sources(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """The error for an unknown source names the ones there are."""
    await setup_tv(simulator, add_tv)
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, SERVICE_SELECT_SOURCE, **{ATTR_INPUT_SOURCE: "HDMI 9"})
    assert str(err.value) == (
        "HDMI 9 is neither an input nor an installed app of this TV. Choose one of: TV, AV, "
        "HDMI 1, HDMI 2, HDMI 3, PatchWall, iQIYI, Tencent Video, Youku, Media Explorer, YouTube"
    )


async def test_next_and_previous_change_channels_on_the_tuner(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """On the TV input, next and previous are channel up and down; in an app, skips."""
    tv = await setup_tv(simulator, add_tv)
    await call(hass, SERVICE_SELECT_SOURCE, **{ATTR_INPUT_SOURCE: "TV"})
    await call(hass, SERVICE_MEDIA_NEXT_TRACK)
    await call(hass, SERVICE_MEDIA_NEXT_TRACK)
    await call(hass, SERVICE_MEDIA_PREVIOUS_TRACK)
    assert tv.tv.channel == 2
    assert tv.tv.keys_pressed == ["up", "up", "down"]
    assert attributes(hass)[ATTR_MEDIA_TITLE] == "TV"


async def test_app_icon_is_the_picture(
    hass: HomeAssistant,
    simulator: Simulator,
    add_tv: AddTv,
    hass_client_no_auth: Any,
) -> None:
    """The icon of the app in front is the entity picture, passed on by Home Assistant's proxy."""
    tv = await setup_tv(simulator, add_tv)
    assert ATTR_ENTITY_PICTURE not in attributes(hass)  # an input: no picture
    await call(hass, SERVICE_SELECT_SOURCE, **{ATTR_INPUT_SOURCE: "YouTube"})
    picture = attributes(hass)[ATTR_ENTITY_PICTURE]
    assert picture.startswith(f"/api/media_player_proxy/{ENTITY}?token=")
    client = await hass_client_no_auth()
    response = await client.get(picture)
    assert response.status == 200
    assert response.content_type == "image/png"
    app = tv.tv.app(YOUTUBE)
    assert app is not None
    assert await response.read() == app.icon()

    # An app the set has no icon for: no picture at all.
    medialib = tv.tv.app("com.xiaomi.mitv.mediaexplorer")
    assert medialib is not None
    medialib.has_icon = False
    coordinator = hass.config_entries.async_entries(DOMAIN)[0].runtime_data.coordinator
    coordinator.device._apps_read_at = None
    await call(hass, SERVICE_SELECT_SOURCE, **{ATTR_INPUT_SOURCE: "Media Explorer"})
    assert attributes(hass)[ATTR_APP_ID] == "com.xiaomi.mitv.mediaexplorer"
    assert ATTR_ENTITY_PICTURE not in attributes(hass)


async def test_picture_that_does_not_come(
    hass: HomeAssistant,
    simulator: Simulator,
    add_tv: AddTv,
    hass_client_no_auth: Any,
) -> None:
    """The set stops serving icons: no picture is served, nothing is logged above debug."""
    tv = await setup_tv(simulator, add_tv)
    await call(hass, SERVICE_SELECT_SOURCE, **{ATTR_INPUT_SOURCE: "YouTube"})
    picture = attributes(hass)[ATTR_ENTITY_PICTURE]
    assert tv.http is not None
    tv.http.faults.html = True
    client = await hass_client_no_auth()
    response = await client.get(picture)
    assert response.status in NO_IMAGE


async def browse(hass: HomeAssistant, ws_client: Any, **data: Any) -> dict[str, Any]:
    client = await ws_client(hass)
    await client.send_json_auto_id(
        {"type": "media_player/browse_media", "entity_id": ENTITY, **data}
    )
    return dict(await client.receive_json())


@pytest.mark.parametrize("variant", VARIANTS)
async def test_browse_inputs_and_apps(
    hass: HomeAssistant,
    simulator: Simulator,
    add_tv: AddTv,
    hass_ws_client: Any,
    hass_client_no_auth: Any,
    variant: str,
) -> None:
    """The media browser lists the inputs, then the apps with their icons; playing one opens it."""
    tv = await setup_tv(simulator, add_tv, variant)
    answer = await browse(hass, hass_ws_client)
    assert answer["success"], answer
    root = answer["result"]
    assert root["title"] == "Living room TV"
    assert root["can_expand"] is True
    children = root["children"]
    inputs = [child for child in children if child["media_content_type"] == "input"]
    apps = [child for child in children if child["media_content_type"] == "app"]
    assert [child["title"] for child in inputs] == INPUTS
    assert all(child["can_play"] and child["thumbnail"] is None for child in inputs)
    if variant == MIOT_ONLY:
        assert apps == []
    else:
        assert [child["title"] for child in apps] == [app.name for app in tv.tv.installed_apps]
        youtube = next(child for child in apps if child["media_content_id"] == YOUTUBE)
        assert youtube["media_class"] == "app"
        client = await hass_client_no_auth()
        response = await client.get(youtube["thumbnail"])
        assert response.status == 200
        app = tv.tv.app(YOUTUBE)
        assert app is not None
        assert await response.read() == app.icon()
        # Inputs have no pictures to fetch
        fake = youtube["thumbnail"].replace(f"/app/{YOUTUBE}", "/input/HDMI%201")
        assert (await client.get(fake)).status in NO_IMAGE

        await call(
            hass,
            SERVICE_PLAY_MEDIA,
            **{ATTR_MEDIA_CONTENT_TYPE: "app", ATTR_MEDIA_CONTENT_ID: YOUTUBE},
        )
        assert tv.tv.foreground_app == YOUTUBE
    await call(
        hass,
        SERVICE_PLAY_MEDIA,
        **{ATTR_MEDIA_CONTENT_TYPE: "input", ATTR_MEDIA_CONTENT_ID: "HDMI 3"},
    )
    assert tv.tv.showing == "HDMI 3"
    assert attributes(hass)[ATTR_INPUT_SOURCE] == "HDMI 3"


async def test_browse_elsewhere_is_an_error(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, hass_ws_client: Any
) -> None:
    """Only the top level exists: anything under it is a translated browse error."""
    await setup_tv(simulator, add_tv)
    answer = await browse(
        hass, hass_ws_client, media_content_type="app", media_content_id="com.example"
    )
    assert not answer["success"]
    assert answer["error"]["message"] == "The TV has nothing to browse under com.example"


async def test_play_media_type_message(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """The error for another media type says which types the TV takes."""
    await setup_tv(simulator, add_tv)
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            SERVICE_PLAY_MEDIA,
            **{ATTR_MEDIA_CONTENT_TYPE: "music", ATTR_MEDIA_CONTENT_ID: "song.mp3"},
        )
    assert "media type input" in str(err.value)
    assert str(err.value).endswith("not music")


async def test_home_screen_the_set_does_not_list(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """A set whose app list leaves the launcher out: the home screen is called Home."""
    tv = await start_tv(simulator)
    tv.tv.installed_apps = [app for app in tv.tv.installed_apps if app.package != "com.mitv.tvhome"]
    await add_tv(tv)
    assert "PatchWall" not in attributes(hass)[ATTR_INPUT_SOURCE_LIST]
    await call(hass, SERVICE_SELECT_SOURCE, **{ATTR_INPUT_SOURCE: "YouTube"})
    await call(hass, SERVICE_SELECT_SOURCE, **{ATTR_INPUT_SOURCE: "home"})
    assert tv.tv.showing == "home"
    assert state(hass) == STATE_IDLE
    assert attributes(hass)[ATTR_INPUT_SOURCE] == "Home"
    assert ATTR_ENTITY_PICTURE not in attributes(hass)
