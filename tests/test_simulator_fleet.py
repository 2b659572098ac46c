"""Fleets of simulated devices on loopback addresses, the threaded simulator, the command line."""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import signal
import socket
import sys
from contextlib import closing
from pathlib import Path

import pytest

from tests.simulator import SimulatedDevice, Simulator, ThreadedSimulator, fleet
from tests.simulator import __main__ as cli
from tests.simulator.fleet import _POOL
from tests.simulator.probe import MC4, TV, free_consecutive_hosts, probing

REPO = Path(__file__).resolve().parents[1]


async def test_busy_addresses_are_skipped(simulator: Simulator) -> None:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_DGRAM)) as squatter:
        while True:  # occupy the address the pool hands out next
            host = next(_POOL.candidates())
            try:
                squatter.bind((host, 54321))
                break
            except OSError:
                continue
        _POOL._next = (_POOL._next - 1) % _POOL._size
        device = await simulator(MC4)
        assert device.host != host
        assert device.port == 54321
        with pytest.raises(OSError, match="in use") as taken:
            await simulator(MC4, host=host)
        assert taken.value.errno == errno.EADDRINUSE


async def test_no_free_address_left(simulator: Simulator, monkeypatch: pytest.MonkeyPatch) -> None:
    (host,) = free_consecutive_hosts(1)
    only = ipaddress.IPv4Address(host)
    monkeypatch.setattr(fleet, "_POOL", fleet._AddressPool(only, only))
    with closing(socket.socket(socket.AF_INET, socket.SOCK_DGRAM)) as squatter:
        squatter.bind((host, 54321))
        with pytest.raises(OSError, match="no free loopback address"):
            await simulator(MC4)


def test_threaded_simulator_runs_its_own_loop(threaded_simulator: ThreadedSimulator) -> None:
    device = threaded_simulator(MC4)
    assert threaded_simulator.devices == [device]
    assert threaded_simulator.run(asyncio.sleep(0, "done")) == "done"
    assert threaded_simulator.call(device.props.get, "mode") == 2
    assert "127.0." in repr(device)
    assert device.token_hex not in repr(device)


# --- the command line ------------------------------------------------------------------------


async def test_cli_prints_ready_lines_and_exits_on_sigterm() -> None:
    hosts = free_consecutive_hosts(6)
    key = "00112233445566778899aabbccddeeff"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.simulator",
        "--device",
        f"{MC4}@{hosts[0]}",
        "--device",
        f"{TV}@{hosts[3]}",
        "--count",
        "3",
        "--token",
        key,
        "--loss",
        "0",
        "--latency-ms",
        "1",
        "--http-port",
        "0",
        "--wol-port",
        "0",
        cwd=REPO,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    try:
        lines = [(await asyncio.wait_for(process.stdout.readline(), 60)).decode() for _ in range(6)]
        models = [MC4] * 3 + [TV] * 3
        for line, model, host in zip(lines, models, hosts, strict=True):
            ready, line_model, line_host, line_token, line_id = line.split()
            assert (ready, line_model, line_host, line_token) == ("READY", model, host, key)
            assert line_id.isdigit()
        second_id = int(lines[1].split()[4])
        device = SimulatedDevice(MC4, hosts[1], token=bytes.fromhex(key), device_id=second_id)
        async with probing(device) as probe:
            reply = await probe.hello()
            assert reply is not None
            assert reply.device_id == second_id
            assert (await probe.result("miIO.info"))["netif"]["localIp"] == hosts[1]
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, stderr.decode()


@pytest.mark.parametrize(
    "arguments",
    [
        ["--device", "no.such.model@127.0.0.2"],
        ["--device", f"{MC4}@nowhere"],
        ["--device", f"{MC4}@127.0.0.2", "--token", "abc"],
        ["--device", f"{MC4}@127.0.0.2", "--token", "zz" * 16],
    ],
)
def test_cli_rejects_bad_arguments(
    arguments: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(arguments)
    assert exited.value.code == 2
    assert "error" in capsys.readouterr().err


def test_cli_reports_a_taken_address(capsys: pytest.CaptureFixture[str]) -> None:
    (host,) = free_consecutive_hosts(1)
    with closing(socket.socket(socket.AF_INET, socket.SOCK_DGRAM)) as squatter:
        squatter.bind((host, 54321))
        assert cli.main(["--device", f"{TV}@{host}", "--http-port", "0"]) == 1
    assert "cannot start the simulator" in capsys.readouterr().err
