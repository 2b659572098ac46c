"""Shared fixtures: real Home Assistant, loopback sockets, and a guard against deprecations."""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Awaitable, Callable, Generator
from pathlib import Path
from typing import Any, Protocol

import pytest
import pytest_socket
from homeassistant.const import CONF_HOST, CONF_TOKEN, MAJOR_VERSION, MINOR_VERSION
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion
from syrupy.location import PyTestLocation

# Import the package before the hass fixture runs, or HA's loader reports "Integration not found".
from custom_components.xiaomi_living import const
from custom_components.xiaomi_living.client.models.tv import MIUI_HTTP_MODEL
from custom_components.xiaomi_living.const import CONF_MAC, CONF_MODEL, DOMAIN
from custom_components.xiaomi_living.coordinator import TelevisionCoordinator
from tests.simulator.device import SimulatedDevice
from tests.simulator.tv import SimulatedTv

pytest_plugins = [
    "pytest_homeassistant_custom_component",
    "tests.simulator.pytest_plugin",
    "tests.cloud_fake",
]

# Every simulated device gets its own loopback address. The test plugin only lets sockets connect to
# 127.0.0.1, so the addresses the simulators use are allowed here, and nothing outside 127.0.0.0/8.
LOOPBACK_HOSTS = [str(ip) for ip in ipaddress.ip_network("127.0.0.0/22").hosts()]


class SnapshotsPerRelease(HomeAssistantSnapshotExtension):
    """Keep snapshots per Home Assistant release: tests/snapshots-<major>.<minor>/.

    Releases change what a registry entry or a state holds (2026.10 added the computed name to
    ``aliases``), so an entity's snapshot differs between the versions we test on, not our code.
    The folders are siblings, not inside tests/snapshots: syrupy also walks the harness's default
    folder, and would call the other release's snapshots unused.
    """

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        """Return the snapshot folder of the running Home Assistant release."""
        release = f"{MAJOR_VERSION}.{MINOR_VERSION}"
        return str(Path(test_location.filepath).parent / f"snapshots-{release}")


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Home Assistant's snapshot serializer, one folder per release."""
    return snapshot.use_extension(SnapshotsPerRelease)


# What Home Assistant logs when it catches an integration using a deprecated or blocking API.
_OFFENDING_PHRASES = ("deprecat", "detected blocking call", "detected that custom integration")


@pytest.fixture(autouse=True)
def allow_loopback_sockets() -> None:
    """Allow real UDP/TCP sockets, but only towards loopback addresses."""
    pytest_socket.enable_socket()
    pytest_socket.socket_allow_hosts(LOOPBACK_HOSTS, allow_unix_socket=True)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let HA load integrations from custom_components/ in every test."""


@pytest.fixture(autouse=True)
def fail_on_deprecation_reports(caplog: pytest.LogCaptureFixture) -> Generator[None]:
    """Fail a test during which HA reports a deprecation or blocking call about our integration."""
    caplog.set_level(logging.WARNING)
    yield
    offending = [
        record.getMessage()
        for record in caplog.get_records("call")
        if "xiaomi_living" in record.getMessage()
        and any(phrase in record.getMessage().lower() for phrase in _OFFENDING_PHRASES)
    ]
    if offending:
        pytest.fail("Home Assistant reported our integration:\n" + "\n".join(offending))


@pytest.fixture(autouse=True)
def fast_device_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loopback answers in microseconds: short waits keep the failure paths quick."""
    monkeypatch.setattr(const, "MIIO_TIMEOUT", 0.1)
    monkeypatch.setattr(const, "MIIO_RETRIES", 5)


type AddDevice = Callable[[SimulatedDevice], Awaitable[MockConfigEntry]]


@pytest.fixture
def add_device(hass: HomeAssistant) -> AddDevice:
    """Add a config entry for a simulated device and set it up in Home Assistant."""

    async def add(device: SimulatedDevice, *, title: str = "Living room AC") -> MockConfigEntry:
        entry = MockConfigEntry(
            domain=DOMAIN,
            title=title,
            unique_id=str(device.device_id),
            data={
                CONF_HOST: device.host,
                CONF_TOKEN: device.token_hex,
                CONF_MODEL: device.model,
                CONF_MAC: device.mac,
            },
        )
        entry.add_to_hass(hass)
        await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        return entry

    return add


@pytest.fixture(autouse=True)
def fast_tv_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short alive checks for TVs, and never a wake-on-LAN broadcast out of a test machine."""
    monkeypatch.setattr(const, "TV_ALIVE_TIMEOUT", 0.3)
    monkeypatch.setattr(const, "TV_HTTP_TIMEOUT", 0.3)
    monkeypatch.setattr(TelevisionCoordinator, "wake_on_lan_broadcast", None)


class AddTv(Protocol):
    """Set up a simulated TV in Home Assistant (see the ``add_tv`` fixture)."""

    async def __call__(
        self,
        tv: SimulatedTv,
        *,
        http_only: bool = False,
        known_mac: bool = True,
        options: dict[str, Any] | None = None,
        title: str = "Living room TV",
    ) -> MockConfigEntry:
        """Add the entry and set it up."""


@pytest.fixture
def add_tv(hass: HomeAssistant, monkeypatch: pytest.MonkeyPatch) -> AddTv:
    """Add a config entry for a simulated TV, "Living room TV", and set it up.

    ``http_only`` makes the entry an older MIUI set's (host, no token): the integration then never
    speaks miIO to it. Wake-on-LAN packets go to the simulator's listening port.
    """

    async def add(
        tv: SimulatedTv,
        *,
        http_only: bool = False,
        known_mac: bool = True,
        options: dict[str, Any] | None = None,
        title: str = "Living room TV",
    ) -> MockConfigEntry:
        monkeypatch.setattr(TelevisionCoordinator, "wake_on_lan_port", tv.wol_port)
        data: dict[str, Any] = {
            CONF_HOST: tv.host,
            CONF_MODEL: MIUI_HTTP_MODEL if http_only else tv.model,
            CONF_MAC: tv.mac if known_mac else None,
        }
        if not http_only:
            data[CONF_TOKEN] = tv.token_hex
        entry = MockConfigEntry(
            domain=DOMAIN,
            title=title,
            unique_id=str(tv.device_id),
            data=data,
            options=options or {},
        )
        entry.add_to_hass(hass)
        await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        return entry

    return add


@pytest.fixture(autouse=True)
def private_config_dir(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Give each Home Assistant its own config dir: setup writes our voice sentences into it."""
    if "hass" in request.fixturenames:
        hass: HomeAssistant = request.getfixturevalue("hass")
        hass.config.config_dir = str(tmp_path_factory.mktemp("config"))
