"""Hostile answers from a TV's HTTP API, through Home Assistant against the simulated set.

Whatever the port-6095 API sends, the poll ends cleanly: no "Unexpected error" with a traceback,
and the media player shows what the rest of the answers still tell.
"""

from __future__ import annotations

import logging

import pytest
from homeassistant.components.media_player import (
    ATTR_INPUT_SOURCE_LIST,
    ATTR_MEDIA_VOLUME_LEVEL,
)
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant

from custom_components.xiaomi_living.client import television
from custom_components.xiaomi_living.client.tv_http import MAX_BODY
from custom_components.xiaomi_living.coordinator import FAILURES_BEFORE_UNAVAILABLE
from tests.conftest import AddTv
from tests.simulator.fleet import Simulator
from tests.simulator.tv_http import ChosenAnswer, deep_json, hostile_volume
from tests.simulator.tv_state import TvApp
from tests.test_media_player import HTTP_ONLY, attributes, refresh, setup_tv, state

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
