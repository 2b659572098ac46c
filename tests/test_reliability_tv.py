"""Hostile answers from a TV's HTTP API, through Home Assistant against the simulated set.

Whatever the port-6095 API sends, the poll ends cleanly: no "Unexpected error" with a traceback,
and the media player shows what the rest of the answers still tell.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import aiohttp
import pytest
from homeassistant.components.media_player import (
    ATTR_INPUT_SOURCE_LIST,
    ATTR_MEDIA_VOLUME_LEVEL,
)
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant

from custom_components.xiaomi_living.client import television
from custom_components.xiaomi_living.client.errors import TvHttpResponseError
from custom_components.xiaomi_living.client.tv_http import MAX_BODY, TvHttpClient
from custom_components.xiaomi_living.const import DOMAIN
from custom_components.xiaomi_living.coordinator import FAILURES_BEFORE_UNAVAILABLE
from tests.conftest import AddTv
from tests.simulator.fleet import Simulator
from tests.simulator.tv_http import ChosenAnswer, deep_json, hostile_volume
from tests.simulator.tv_state import TvApp
from tests.test_media_player import (
    ENTITY,
    HTTP_ONLY,
    NO_IMAGE,
    attributes,
    refresh,
    setup_tv,
    start_tv,
    state,
)

MIB = 2**20


def assert_clean_log(caplog: pytest.LogCaptureFixture) -> None:
    """No unexpected error and no traceback in what the integration and HA logged.

    asyncio's debug-mode notes about connections the client reset (the simulator's side of a body
    the client refused) are no concern of the integration.
    """
    assert "Unexpected error" not in caplog.text
    ours = [record for record in caplog.records if record.name != "asyncio"]
    assert [record.getMessage() for record in ours if record.exc_info] == []
    assert [r.getMessage() for r in ours if r.levelno >= logging.WARNING] == []


@pytest.mark.parametrize("level", ["Infinity", "1e999", "NaN", "-3", "1000"])
async def test_hostile_volume_keeps_the_tv_available(
    hass: HomeAssistant,
    simulator: Simulator,
    add_tv: AddTv,
    caplog: pytest.LogCaptureFixture,
    level: str,
) -> None:
    """A volume out of range or not finite is no volume; the set stays on with the rest."""
    tv = await setup_tv(simulator, add_tv, HTTP_ONLY)
    assert tv.http is not None
    assert ATTR_MEDIA_VOLUME_LEVEL in attributes(hass)
    caplog.set_level(logging.DEBUG)
    caplog.clear()
    tv.http.faults.answer = ChosenAnswer(hostile_volume(level), action="getVolum")
    await refresh(hass, FAILURES_BEFORE_UNAVAILABLE + 1)
    assert state(hass) == STATE_ON
    assert ATTR_MEDIA_VOLUME_LEVEL not in attributes(hass)
    assert "HTTP read incomplete" in caplog.text
    assert_clean_log(caplog)
    tv.http.faults.answer = None
    await refresh(hass)
    assert ATTR_MEDIA_VOLUME_LEVEL in attributes(hass)


async def test_hostile_volume_does_not_stop_the_other_http_reads(
    hass: HomeAssistant,
    simulator: Simulator,
    add_tv: AddTv,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A set that keeps answering the volume badly still has its app list read: a new app shows."""
    tv = await setup_tv(simulator, add_tv, HTTP_ONLY)
    assert tv.http is not None
    tv.http.faults.answer = ChosenAnswer(hostile_volume("Infinity"), action="getVolum")
    monkeypatch.setattr(television, "APPS_MAX_AGE", -1.0)  # read the app list on every poll
    tv.tv.installed_apps.append(TvApp("com.example.new", "New app"))
    await refresh(hass)
    assert state(hass) == STATE_ON
    assert ATTR_MEDIA_VOLUME_LEVEL not in attributes(hass)
    assert "New app" in attributes(hass)[ATTR_INPUT_SOURCE_LIST]


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(ChosenAnswer(deep_json(100_000)), id="deep"),
        pytest.param(ChosenAnswer(b'{"status": 0}', pad_to=64 * MIB), id="long"),
        pytest.param(
            ChosenAnswer(b'{"status": 0}', pad_to=64 * MIB, announce_length=False), id="stream"
        ),
        pytest.param(ChosenAnswer(b'{"status": 0}', pad_to=16 * MIB, gzip=True), id="gzip-bomb"),
    ],
)
async def test_hostile_answers_to_everything_turn_an_http_only_set_off(
    hass: HomeAssistant,
    simulator: Simulator,
    add_tv: AddTv,
    caplog: pytest.LogCaptureFixture,
    answer: ChosenAnswer,
) -> None:
    """Nothing the API says can be read: like a set that is off, cleanly, and read only so far."""
    tv = await setup_tv(simulator, add_tv, HTTP_ONLY)
    assert tv.http is not None
    caplog.set_level(logging.DEBUG)
    caplog.clear()
    tv.http.faults.answer = answer
    await refresh(hass, FAILURES_BEFORE_UNAVAILABLE)
    assert state(hass) == STATE_OFF
    assert_clean_log(caplog)
    if not answer.gzip:
        # Each poll stopped reading at the cap; the set wrote at most what socket buffers hold.
        assert answer.sent < FAILURES_BEFORE_UNAVAILABLE * (MAX_BODY + 16 * MIB)
    tv.http.faults.answer = None
    await refresh(hass)
    assert state(hass) == STATE_ON


def _app_list(*entries: dict[str, object]) -> bytes:
    return json.dumps({"status": 0, "msg": "success", "data": {"AppInfo": list(entries)}}).encode()


async def test_icon_urls_are_fetched_from_the_set_only(
    hass: HomeAssistant,
    simulator: Simulator,
    add_tv: AddTv,
    hass_client_no_auth: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """IconURL's address is the set's own idea (0.0.0.0, another port): only its path is kept."""
    tv = await start_tv(simulator)
    assert tv.http is not None
    youtube = "com.google.android.youtube.tv"
    tv.http.faults.answer = ChosenAnswer(
        _app_list(
            {
                "PackageName": youtube,
                "AppName": "YouTube",
                "IconURL": f"http://0.0.0.0:1/request?action=getResource&name={youtube}0.png",
            },
            {"PackageName": "com.gitvvideo.xiaomi", "AppName": "iQIYI", "IconURL": "ftp://x/y"},
            {"PackageName": "com.ktcp.video", "AppName": "Tencent Video", "IconURL": 12},
            {"PackageName": "com.youku.taitan.tv", "AppName": "Youku", "IconURL": "icon.png"},
            {"PackageName": "com.example.a", "IconURL": "http://[::1/x.png"},
            {"PackageName": "com.xiaomi.mitv.mediaexplorer", "IconURL": "http://192.0.2.1/x"},
        ),
        action="getinstalledapp",
    )
    await add_tv(tv)
    tv.http.faults.answer = None
    coordinator = hass.config_entries.async_entries(DOMAIN)[0].runtime_data.coordinator
    base = f"http://{tv.host}:{tv.http_port}"
    assert coordinator.device.app_icons == {
        youtube: f"{base}/request?action=getResource&name={youtube}0.png",
        "com.xiaomi.mitv.mediaexplorer": f"{base}/x",
    }
    caplog.set_level(logging.DEBUG)
    caplog.clear()
    client = await hass_client_no_auth()
    for source, statuses in (("YouTube", {200}), ("com.xiaomi.mitv.mediaexplorer", NO_IMAGE)):
        await hass.services.async_call(
            "media_player",
            "select_source",
            {"entity_id": ENTITY, "source": source},
            blocking=True,
        )
        response = await client.get(attributes(hass)["entity_picture"])
        assert response.status in statuses  # the set has nothing at /x: no picture, no error
    assert_clean_log(caplog)
    await hass.services.async_call(
        "media_player", "select_source", {"entity_id": ENTITY, "source": "iQIYI"}, blocking=True
    )
    assert "entity_picture" not in attributes(hass)


async def test_fetch_image_refuses_other_addresses_and_non_images(
    simulator: Simulator,
) -> None:
    """The client fetches images only from the set's own address, and only images."""
    tv = await start_tv(simulator)
    async with aiohttp.ClientSession() as session:
        client = TvHttpClient(session, tv.host, port=tv.http_port)
        sent = len(tv.tv.keys_pressed)
        with pytest.raises(TvHttpResponseError, match="not an address of the TV"):
            await client.fetch_image(f"http://127.0.0.254:{tv.http_port}/request?action=isalive")
        with pytest.raises(TvHttpResponseError, match="not an address of the TV"):
            await client.fetch_image(f"https://{tv.host}:{tv.http_port}/x.png")
        with pytest.raises(TvHttpResponseError, match="is no image: application/json"):
            await client.fetch_image(f"http://{tv.host}:{tv.http_port}/request?action=isalive")
        with pytest.raises(TvHttpResponseError, match="HTTP 404"):
            await client.fetch_image(
                f"http://{tv.host}:{tv.http_port}/request?action=getResource&name=no0.png"
            )
        assert len(tv.tv.keys_pressed) == sent
