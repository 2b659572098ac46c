"""Shared fixtures: real Home Assistant, loopback sockets, and a guard against deprecations."""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Generator

import pytest
import pytest_socket

# Import the package before the hass fixture runs, or HA's loader reports "Integration not found".
import custom_components.xiaomi_living  # noqa: F401

pytest_plugins = ["pytest_homeassistant_custom_component"]

# Every simulated device gets its own loopback address. The test plugin only lets sockets connect to
# 127.0.0.1, so the addresses the simulators use are allowed here, and nothing outside 127.0.0.0/8.
LOOPBACK_HOSTS = [str(ip) for ip in ipaddress.ip_network("127.0.0.0/22").hosts()]

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
