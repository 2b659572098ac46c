"""The simulated TV: one state behind MIoT and the port-6095 HTTP API, screen off, wake-on-LAN."""

from __future__ import annotations

import asyncio
import errno
import json
import socket
from collections.abc import AsyncIterator
from contextlib import closing
from typing import Any

import aiohttp
import pytest

from tests.simulator import Faults, SimulatedTv, Simulator, TvState
from tests.simulator.probe import SILENCE, TV, free_consecutive_hosts, get_one, probing, set_one
from tests.simulator.tv import UNPRIVILEGED_WOL_PORT, WOL_PORT, TvProperties


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as session:
        yield session


async def http_get(session: aiohttp.ClientSession, tv: SimulatedTv, path: str) -> Any:
    async with session.get(f"http://{tv.host}:{tv.http_port}{path}") as response:
        return await response.json(content_type=None)


async def test_tv_state_is_shared_between_miot_and_http(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    tv = await simulator(TV)
    assert isinstance(tv, SimulatedTv)
    async with probing(tv) as probe:
        assert await set_one(probe, 4, 1, 60) == 0
        assert await set_one(probe, 4, 1, 101) == -4005
        volume = await http_get(http, tv, "/general?action=getVolum")
        assert json.loads(volume["data"])["volum"] == tv.tv.http_volume() == 9

        await http_get(http, tv, "/controller?action=changesource&source=hdmi2")
        assert (await get_one(probe, 2, 1))["value"] == tv.tv.inputs.index("HDMI 2")
        assert await set_one(probe, 2, 1, 0) == 0
        assert tv.tv.input_source == "TV"
        assert await set_one(probe, 2, 1, len(tv.tv.inputs)) == -4005

        await http_get(http, tv, "/controller?action=keyevent&keycode=volumeup")
        assert (await get_one(probe, 4, 1))["value"] == tv.tv.volume
        assert await set_one(probe, 4, 2, True) == 0
        assert tv.tv.muted is True

        tv.tv.input_source = "DVB-T"  # a source the MIoT list does not know
        assert (await get_one(probe, 2, 1))["code"] == -4004


async def test_tv_speaker_mode_is_screen_off(simulator: Simulator) -> None:
    tv = await simulator(TV)
    assert isinstance(tv, SimulatedTv)
    async with probing(tv) as probe:
        assert await set_one(probe, 8, 1, True) == 0
        assert tv.tv.power == "screen_off"
        assert (await get_one(probe, 8, 1))["value"] is True
        assert await set_one(probe, 8, 1, False) == 0
        assert tv.tv.power == "on"
        assert await set_one(probe, 8, 1, False) == 0
        assert tv.tv.power == "on"


async def test_tv_turn_off_then_wake_on_lan(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    shared = TvState(name="Living room")
    tv = await simulator(TV, tv=shared)
    assert isinstance(tv, SimulatedTv)
    assert tv.mac == shared.mac
    async with probing(tv) as probe:
        off = await probe.result("action", [{"did": "t", "siid": 2, "aiid": 1, "in": []}])
        assert off["code"] == 0
        assert shared.power == "off"
        assert await probe.hello(SILENCE) is None
        with pytest.raises(aiohttp.ClientConnectionError):
            await http_get(http, tv, "/request?action=isalive")

        mac = bytes.fromhex(shared.mac.replace(":", ""))
        with closing(socket.socket(socket.AF_INET, socket.SOCK_DGRAM)) as sender:
            sender.sendto(b"\xff" * 6 + bytes(6) * 16, (tv.host, tv.wol_port))  # not our MAC
            await asyncio.sleep(0.05)
            assert shared.power == "off"
            sender.sendto(b"\xff" * 6 + mac * 16, (tv.host, tv.wol_port))
            for _ in range(100):
                if shared.power == "on":
                    break
                await asyncio.sleep(0.01)
        assert shared.power == "on"
        assert shared.wake_on_lan_packets == 1
        assert await probe.hello() is not None
        alive = await http_get(http, tv, "/request?action=isalive")
        assert alive["data"]["devicename"] == "Living room"

        tv.handle_wake_on_lan(b"\xff" * 6 + mac * 16)  # already on: nothing to count
        assert shared.wake_on_lan_packets == 1


async def test_tv_http_down(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    tv = await simulator(TV)
    assert isinstance(tv, SimulatedTv)
    await tv.stop_http()
    await tv.stop_http()
    with pytest.raises(aiohttp.ClientConnectionError):
        await http_get(http, tv, "/request?action=isalive")
    async with probing(tv) as probe:
        assert await probe.hello() is not None  # miIO keeps answering
    await tv.start_http()
    await tv.start_http()
    assert tv.http is not None
    assert (await http_get(http, tv, "/request?action=isalive"))["status"] == 0
    tv.http.faults.down = True
    with pytest.raises(aiohttp.ClientConnectionError):
        await http_get(http, tv, "/request?action=isalive")


def test_tv_properties_are_a_view_of_tv_state() -> None:
    shared = TvState(volume=12, muted=True, power="screen_off")
    props = TvProperties(shared)
    assert dict(props) == {
        "input": 2,
        "volume": 12,
        "mute": True,
        "speaker_mode": True,
        "power": "screen_off",
    }
    assert len(props) == 5
    props["power"] = "on"
    assert shared.power == "on"
    with pytest.raises(KeyError):
        props["brightness"]
    with pytest.raises(KeyError):
        props["brightness"] = 3
    with pytest.raises(TypeError):
        del props["volume"]


async def test_tv_that_cannot_serve_http_releases_everything(simulator: Simulator) -> None:
    (host,) = free_consecutive_hosts(1)
    with closing(socket.create_server((host, 0))) as squatter:
        port = squatter.getsockname()[1]
        with pytest.raises(OSError, match="in use"):
            await simulator(TV, host=host, http_port=port, wol_port=0)
    assert simulator.devices == []
    assert (await simulator(TV, host=host, http_port=port, wol_port=0)).host == host


async def test_tv_offline_ignores_wake_on_lan(simulator: Simulator) -> None:
    tv = await simulator(TV, faults=Faults(offline=True))
    assert isinstance(tv, SimulatedTv)
    tv.tv.power = "off"
    tv.handle_wake_on_lan(b"\xff" * 6 + bytes.fromhex(tv.mac.replace(":", "")) * 16)
    assert tv.tv.power == "off"


async def test_tv_wake_on_lan_port(simulator: Simulator, monkeypatch: pytest.MonkeyPatch) -> None:
    explicit = await simulator(TV, wol_port=0, http_port=0)
    assert isinstance(explicit, SimulatedTv)
    assert explicit.wol_port not in (0, WOL_PORT)

    loop = asyncio.get_running_loop()
    real_endpoint = loop.create_datagram_endpoint

    async def unprivileged(factory: Any, local_addr: tuple[str, int], **kwargs: Any) -> Any:
        if 0 < local_addr[1] < 1024:
            raise PermissionError(errno.EACCES, "permission denied")
        return await real_endpoint(factory, local_addr=local_addr, **kwargs)

    monkeypatch.setattr(loop, "create_datagram_endpoint", unprivileged)
    fallback = await simulator(TV, http_port=0)
    assert isinstance(fallback, SimulatedTv)
    assert fallback.wol_port == UNPRIVILEGED_WOL_PORT
    with pytest.raises(PermissionError):
        await simulator(TV, wol_port=7, http_port=0)
    assert len(simulator.devices) == 2  # the failed TV let go of what it had bound


async def test_tv_shows_an_input_the_home_screen_or_an_app(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    """What is in front follows inputs (MIoT or HTTP), the home key and startapp."""
    tv = await simulator(TV)
    assert isinstance(tv, SimulatedTv)
    state = tv.tv
    assert state.showing == "home"  # a set starts on its launcher
    await http_get(http, tv, "/controller?action=changesource&source=hdmi2")
    assert state.showing == "HDMI 2"
    await http_get(
        http, tv, "/controller?action=startapp&type=packagename&packagename=com.ktcp.video"
    )
    assert state.showing == "com.ktcp.video"
    # The input chosen again, under the app: the input comes back to the front.
    await http_get(http, tv, "/controller?action=changesource&source=hdmi2")
    assert state.showing == "HDMI 2"
    await http_get(http, tv, "/controller?action=keyevent&keycode=home")
    assert state.showing == "home"
    async with probing(tv) as probe:
        assert await set_one(probe, 2, 1, state.inputs.index("AV")) == 0
        assert state.showing == "AV"
        # What MIoT reads is the input, whatever is in front.
        await http_get(http, tv, "/controller?action=keyevent&keycode=home")
        assert (await get_one(probe, 2, 1))["value"] == state.inputs.index("AV")
    state.input_source = "HDMI 3"  # the set's own remote
    assert state.showing == "HDMI 3"
    state.input_source = "HDMI 3"  # the same again changes nothing
    state.start_app("com.ktcp.video")
    state.input_source = "HDMI 3"
    assert state.showing == "com.ktcp.video"


async def test_tv_ok_toggles_playback_in_apps_only(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    """OK plays and pauses in an app; on the home screen or an input it plays nothing."""
    tv = await simulator(TV)
    assert isinstance(tv, SimulatedTv)
    state = tv.tv
    key = "/controller?action=keyevent&keycode="
    await http_get(http, tv, key + "enter")
    assert state.playing is False  # the launcher
    state.start_app("com.ktcp.video")
    assert state.playing is False  # an app opens on its own screen
    await http_get(http, tv, key + "enter")
    assert state.playing is True
    await http_get(http, tv, key + "enter")
    assert state.playing is False
    await http_get(http, tv, key + "enter")
    state.show_input("HDMI 1")
    assert state.playing is False
    await http_get(http, tv, key + "enter")
    assert state.playing is False


async def test_tv_channels_on_the_tuner_only(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    """Up and down change the channel while the tuner is in front, and never below 1."""
    tv = await simulator(TV)
    assert isinstance(tv, SimulatedTv)
    state = tv.tv
    key = "/controller?action=keyevent&keycode="
    await http_get(http, tv, key + "up")
    assert state.channel == 1  # the launcher: up moves the focus
    state.show_input("HDMI 1")
    await http_get(http, tv, key + "up")
    assert state.channel == 1
    state.show_input("TV")
    assert state.on_tuner
    await http_get(http, tv, key + "up")
    await http_get(http, tv, key + "up")
    assert state.channel == 3
    for _ in range(4):
        await http_get(http, tv, key + "down")
    assert state.channel == 1
    state.start_app("com.ktcp.video")
    assert not state.on_tuner
    await http_get(http, tv, key + "up")
    assert state.channel == 1


async def test_tv_app_icons(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    """changeIcon=1 lists IconURL (at the address asked) and Order; getResource serves PNGs."""
    tv = await simulator(TV)
    assert isinstance(tv, SimulatedTv)
    tv.tv.installed_apps[1].has_icon = False
    listed = await http_get(http, tv, "/controller?action=getinstalledapp&count=999&changeIcon=1")
    apps = listed["data"]["AppInfo"]
    assert [app["Order"] for app in apps] == list(range(1, len(tv.tv.installed_apps) + 1))
    assert "IconURL" not in apps[1]
    first = apps[0]
    assert first["IconURL"] == (
        f"http://{tv.host}:{tv.http_port}/request?action=getResource"
        f"&name={first['PackageName']}0.png"
    )
    async with http.get(first["IconURL"]) as response:
        assert response.status == 200
        assert response.content_type == "image/png"
        body = await response.read()
    assert body.startswith(b"\x89PNG\r\n\x1a\n")
    assert body == tv.tv.installed_apps[0].icon() != tv.tv.installed_apps[2].icon()
    plain = await http_get(http, tv, "/controller?action=getinstalledapp&count=999")
    assert all("IconURL" not in app for app in plain["data"]["AppInfo"])
    for name in (f"{apps[1]['PackageName']}0.png", "com.example.missing0.png", "x.png"):
        url = f"http://{tv.host}:{tv.http_port}/request?action=getResource&name={name}"
        async with http.get(url) as response:
            assert response.status == 404
