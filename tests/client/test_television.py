"""The TV driver and the TV descriptions, against the simulated set (no Home Assistant)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import aiohttp
import pytest

from custom_components.xiaomi_living.client import MiioClient, TokenRejectedError
from custom_components.xiaomi_living.client import television as tv
from custom_components.xiaomi_living.client.errors import (
    MiotRequiredError,
    TelevisionUnreachableError,
    TvHttpResponseError,
    TvHttpUnreachableError,
    WakeOnLanError,
)
from custom_components.xiaomi_living.client.models.aircondition import Confidence
from custom_components.xiaomi_living.client.models.tv import (
    MIOT_TV,
    MIOT_TV_BOX,
    MIUI_HTTP,
    MIUI_HTTP_MODEL,
    REMOTE_KEYS,
    TELEVISIONS,
    remote_keycode,
    tv_description,
)
from custom_components.xiaomi_living.client.television import (
    TelevisionClient,
    magic_packet,
    send_wake_on_lan,
)
from custom_components.xiaomi_living.client.tv_http import TV_KEYS, TvHttpClient
from tests.simulator.fleet import Simulator
from tests.simulator.tv import SimulatedTv
from tests.simulator.tv_http import TvHttpServer
from tests.simulator.tv_state import TvApp, TvState

MODEL = "xiaomi.tv.mitv5proh1"
FAST = 0.3

# docs/tv.md#models: the models reported to answer locally.
REPORTED_TVS = [
    "esh1", "mih1", "mitv5h1", "mitv5proh1", "eanfv1", "fsv1", "rmh1", "rmi1", "tv6h1", "oledh1",
    "4kh1", "8kh1", "z2oh1",
]  # fmt: skip


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture
async def sim_tv(simulator: Simulator) -> SimulatedTv:
    device = await simulator(MODEL)
    assert isinstance(device, SimulatedTv)
    return device


def make_client(
    device: SimulatedTv,
    session: aiohttp.ClientSession,
    *,
    miot: bool = True,
    http: bool = True,
    description: Any = MIOT_TV,
) -> TelevisionClient:
    miio = MiioClient(device.host, device.token, timeout=0.1, retries=2) if miot else None
    http_client = (
        TvHttpClient(session, device.host, port=device.http_port, timeout=FAST) if http else None
    )
    return TelevisionClient(description, miio=miio, http=http_client, alive_timeout=FAST)


def test_descriptions() -> None:
    assert {f"xiaomi.tv.{model}" for model in REPORTED_TVS} == set(MIOT_TV.models)
    assert tv_description("XIAOMI.TV.MITV5PROH1") is MIOT_TV
    assert tv_description("xiaomi.tvbox.4prob1") is MIOT_TV_BOX
    assert tv_description(MIUI_HTTP_MODEL) is MIUI_HTTP
    assert tv_description("xiaomi.aircondition.mc4") is None
    assert not MIUI_HTTP.miot
    assert MIOT_TV_BOX.input_control is None
    assert len({description.key for description in TELEVISIONS}) == len(TELEVISIONS)
    for description in TELEVISIONS:
        assert all(isinstance(c, Confidence) for c in description.models.values())


def test_input_values() -> None:
    assert MIOT_TV.input_value("HDMI 2") == 3
    assert MIOT_TV.input_value("DVB-T") is None
    assert MIOT_TV.input_name(0) == "TV"
    assert MIOT_TV.input_name(5) is None
    assert MIOT_TV.input_name(True) is None
    assert MIOT_TV.input_name("2") is None


def test_remote_keys() -> None:
    assert set(REMOTE_KEYS.values()) == TV_KEYS
    assert remote_keycode(" OK ") == "enter"
    assert remote_keycode("Volume Up") == "volumeup"
    assert remote_keycode("volume-down") == "volumedown"
    assert remote_keycode("channel_up") is None


def test_magic_packet() -> None:
    packet = magic_packet("A4-39-B3-00-00-01")
    assert len(packet) == 102
    assert packet[:6] == b"\xff" * 6
    assert packet[6:12] == bytes.fromhex("a439b3000001")
    assert magic_packet("a439.b300.0001") == packet
    with pytest.raises(ValueError, match="not a MAC"):
        magic_packet("a4:39:b3")


async def test_wake_on_lan_reaches_the_set(simulator: Simulator) -> None:
    state = TvState(power="off")
    device = await simulator(MODEL, tv=state)
    assert isinstance(device, SimulatedTv)
    # Another MAC first: a set wakes only for its own.
    sent = await send_wake_on_lan(["02:00:00:00:00:09", state.mac], [device.host], device.wol_port)
    assert sent == 1
    for _ in range(100):  # until the simulator's loop has handled the datagram
        if state.power == "on":
            break
        await asyncio.sleep(0.01)
    assert state.power == "on"
    assert state.wake_on_lan_packets == 1


async def test_wake_on_lan_errors() -> None:
    with pytest.raises(WakeOnLanError, match="no MAC"):
        await send_wake_on_lan([], ["127.0.0.2"], 9)
    with pytest.raises(WakeOnLanError, match=r"127\.0\.0\.2"):
        await send_wake_on_lan(["a4:39:b3:00:00:01"], ["127.0.0.2", "127.0.0.2"], 0)


async def test_read_both_channels(sim_tv: SimulatedTv, session: aiohttp.ClientSession) -> None:
    client = make_client(sim_tv, session)
    assert client.capabilities == {
        tv.CAP_MIOT,
        tv.CAP_VOLUME_SET,
        tv.CAP_MUTE,
        tv.CAP_SCREEN_OFF,
        tv.CAP_INPUTS,
    }
    assert await client.probe() == {}
    state = await client.read()
    assert state == {
        tv.POWER: tv.POWER_ON,
        tv.VOLUME: 30,
        tv.MUTED: False,
        tv.INPUT: "HDMI 1",
        tv.APP: None,
        tv.PLAYBACK: None,
        tv.APPS: {app.package: app.name for app in sim_tv.tv.installed_apps},
        tv.MIOT_ONLINE: True,
        tv.HTTP_ONLINE: True,
    }
    assert tv.CAP_HTTP in client.capabilities
    assert client.macs == [sim_tv.tv.mac, sim_tv.tv.wifi_mac]


async def test_read_http_only(sim_tv: SimulatedTv, session: aiohttp.ClientSession) -> None:
    client = make_client(sim_tv, session, miot=True, description=MIUI_HTTP)
    assert client.miio is None  # the description has no MIoT: the client is not used
    state = await client.read()
    assert state[tv.VOLUME] == round(sim_tv.tv.http_volume() / 15 * 100)
    assert state[tv.MUTED] is None
    assert state[tv.INPUT] is None
    assert state[tv.MIOT_ONLINE] is False
    with pytest.raises(MiotRequiredError):
        await client.set_volume(10)
    await client.select_input("HDMI 2")
    assert sim_tv.tv.input_source == "HDMI 2"
    assert (await client.read())[tv.INPUT] == "HDMI 2"
    assert sim_tv.requests == []


async def test_read_miot_only(sim_tv: SimulatedTv, session: aiohttp.ClientSession) -> None:
    client = make_client(sim_tv, session, http=False)
    state = await client.read()
    assert state[tv.HTTP_ONLINE] is False
    assert state[tv.APPS] == {}
    assert tv.CAP_HTTP not in client.capabilities
    with pytest.raises(TvHttpUnreachableError):
        await client.press_key("home")


async def test_read_off_and_token(sim_tv: SimulatedTv, session: aiohttp.ClientSession) -> None:
    client = make_client(sim_tv, session)
    await client.read()
    sim_tv.tv.power = "off"
    with pytest.raises(TelevisionUnreachableError):
        await client.read()
    sim_tv.tv.power = "screen_off"
    assert (await client.read())[tv.POWER] == tv.POWER_SCREEN_OFF
    sim_tv.change_token()
    sim_tv.reboot()
    with pytest.raises(TokenRejectedError):
        await client.read()


async def test_screen_off_survives_a_silent_miot(
    sim_tv: SimulatedTv, session: aiohttp.ClientSession
) -> None:
    client = make_client(sim_tv, session)
    await client.set_screen(False)
    assert (await client.read())[tv.POWER] == tv.POWER_SCREEN_OFF
    sim_tv.faults.offline = True  # only HTTP answers: the screen is still dark as far as we know
    assert (await client.read())[tv.POWER] == tv.POWER_SCREEN_OFF


async def test_volume_from_http_when_miot_lacks_it(
    sim_tv: SimulatedTv, session: aiohttp.ClientSession
) -> None:
    client = make_client(sim_tv, session)
    sim_tv.faults.property_codes[(4, 1)] = -4004
    state = await client.read()
    assert state[tv.VOLUME] == round(sim_tv.tv.http_volume() / 15 * 100)


async def test_commands_fall_back_to_the_other_channel(
    sim_tv: SimulatedTv, session: aiohttp.ClientSession
) -> None:
    client = make_client(sim_tv, session)
    sim_tv.faults.offline = True  # before any read: MIoT is tried first, then HTTP
    await client.select_input("AV")
    assert sim_tv.tv.input_source == "AV"
    await client.step_volume(up=False, step=5, current=30)
    assert sim_tv.tv.keys_pressed == ["volumedown"]
    await sim_tv.stop_http()
    with pytest.raises(TvHttpUnreachableError):
        await client.select_input("TV")
    with pytest.raises(ValueError, match="no input"):
        await client.select_input("DVB-T")


async def test_power_off_over_miot(sim_tv: SimulatedTv, session: aiohttp.ClientSession) -> None:
    client = make_client(sim_tv, session)
    await client.read()
    await client.power_off()  # the set goes dark without answering the action
    assert sim_tv.tv.power == "off"
    assert sim_tv.tv.keys_pressed == []
    with pytest.raises(TelevisionUnreachableError):
        await client.read()


async def test_power_off_without_an_answer(
    sim_tv: SimulatedTv, session: aiohttp.ClientSession
) -> None:
    """A set that goes dark before its answer arrives: no answer is the answer."""
    client = make_client(sim_tv, session)
    await client.read()
    sim_tv.faults.latency = 5.0  # the answer would come long after the alive timeout
    await client.power_off()
    assert sim_tv.tv.power == "off"


async def test_no_channel_for_a_command(
    sim_tv: SimulatedTv, session: aiohttp.ClientSession
) -> None:
    client = make_client(sim_tv, session, http=False, description=MIUI_HTTP)
    with pytest.raises(MiotRequiredError):
        await client.power_off()
    with pytest.raises(TelevisionUnreachableError):
        await client.read()


async def test_apps_are_read_again_when_old(
    sim_tv: SimulatedTv, session: aiohttp.ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = make_client(sim_tv, session)
    await client.read()
    sim_tv.tv.installed_apps.append(TvApp("com.example.new", "New app"))
    assert "com.example.new" not in (await client.read())[tv.APPS]
    monkeypatch.setattr(tv, "APPS_MAX_AGE", -1.0)
    assert (await client.read())[tv.APPS]["com.example.new"] == "New app"


async def test_incomplete_http_read_keeps_what_it_has(
    sim_tv: SimulatedTv, session: aiohttp.ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = make_client(sim_tv, session)
    assert client.http is not None

    async def broken() -> None:
        raise TvHttpResponseError("broken app list")

    monkeypatch.setattr(client.http, "installed_apps", broken)
    state = await client.read()
    assert state[tv.HTTP_ONLINE] is True
    assert state[tv.APPS] == {}


async def test_http_answering_html_counts_as_silent(
    sim_tv: SimulatedTv, session: aiohttp.ClientSession
) -> None:
    client = make_client(sim_tv, session)
    await client.read()
    assert sim_tv.http is not None
    sim_tv.http.faults.html = True
    state = await client.read()
    assert state[tv.HTTP_ONLINE] is False
    assert state[tv.MIOT_ONLINE] is True


async def test_http_server_alone(session: aiohttp.ClientSession) -> None:
    """An old MIUI set is nothing but its HTTP API."""
    state = TvState()
    async with TvHttpServer(state, "127.0.0.1", 0) as server:
        http = TvHttpClient(session, "127.0.0.1", port=server.port, timeout=FAST)
        client = TelevisionClient(MIUI_HTTP, miio=None, http=http, alive_timeout=FAST)
        assert (await client.read())[tv.POWER] == tv.POWER_ON
        await client.start_app("com.ktcp.video")
        assert state.foreground_app == "com.ktcp.video"
        assert (await client.read())[tv.APP] == "com.ktcp.video"
        # The OK key toggles playback, and the set never says which way it went
        await client.set_playback(playing=False)
        assert (await client.read())[tv.PLAYBACK] is None
        # Home brings the launcher to the front: the home screen, not the last input
        await client.press_key("home")
        assert (await client.read())[tv.APP] == "com.mitv.tvhome"
        await client.power_off()
        assert state.keys_pressed == ["enter", "home", "power"]
        assert state.power == "off"
        with pytest.raises(TelevisionUnreachableError):
            await client.read()


async def test_wake_on_lan_over_ipv6_loopback() -> None:
    """An IPv6 address takes the packet as well (no broadcast there)."""
    assert await send_wake_on_lan(["a4:39:b3:00:00:01"], ["::1"], 40009) == 1


async def test_box_without_inputs(sim_tv: SimulatedTv, session: aiohttp.ClientSession) -> None:
    """A description without input control: no inputs, whatever the channels."""
    box = replace(MIOT_TV_BOX, volume=None, mute=None, speaker_mode=None)
    client = make_client(sim_tv, session, http=False, description=box)
    assert client.capabilities == {tv.CAP_MIOT}
    state = await client.read()
    assert state[tv.POWER] == tv.POWER_ON
    assert state[tv.INPUT] is None
    assert state[tv.VOLUME] is None
