"""The simulator's command line (seeds per device, random reboots), and deep nesting on the wire."""

from __future__ import annotations

import asyncio
import random
import signal
import sys
from pathlib import Path

import pytest

from custom_components.xiaomi_living.client.protocol import MiioCodec, decode_json
from tests.simulator import SimulatedDevice, Simulator
from tests.simulator import __main__ as cli
from tests.simulator.device import MAX_JSON_NESTING
from tests.simulator.probe import MC4, MCN02, ZHIMI, free_consecutive_hosts, probing
from tests.simulator.profiles import ERROR_INVALID_JSON

REPO = Path(__file__).resolve().parents[1]
ROLLS = 200  # loss rolls compared per device: 10% loss, so about 20 losses each


def _loss_pattern(arguments: list[str]) -> list[list[bool]]:
    """Which of the first ROLLS datagrams each device of a command line loses."""
    args = cli._parser().parse_args(arguments)
    return [
        [options["faults"].lost() for _ in range(ROLLS)]
        for _, _, options in cli.device_options(args)
    ]


def test_a_seed_gives_each_device_its_own_reproducible_losses() -> None:
    arguments = [
        *("--device", f"{MC4}@127.0.1.1", "--device", f"{ZHIMI}@127.0.2.1"),
        *("--count", "3", "--loss", "0.1", "--seed", "7"),
    ]
    patterns = _loss_pattern(arguments)
    assert len(patterns) == 6
    assert all(any(pattern) for pattern in patterns)
    # No two devices lose the same datagrams ...
    assert len({tuple(pattern) for pattern in patterns}) == 6
    # ... and the same command line loses the same ones again.
    assert _loss_pattern(arguments) == patterns
    # Another seed, other losses; a device keeps its own when more devices follow it.
    assert _loss_pattern([*arguments[:-1], "8"]) != patterns
    assert (
        _loss_pattern([*arguments[:2], "--count", "3", "--loss", "0.1", "--seed", "7"])
        == (patterns[:3])
    )


def test_without_a_seed_the_faults_are_random() -> None:
    args = cli._parser().parse_args(["--device", f"{MC4}@127.0.1.1", "--count", "2"])
    assert [options["faults"].seed for _, _, options in cli.device_options(args)] == [None, None]
    assert cli.device_seed(None, 0, "reboots") is None
    assert cli.device_seed(1, 0, "reboots") != cli.device_seed(1, 0, "faults")


@pytest.mark.parametrize("value", ["0", "-3", "nan"])
def test_cli_rejects_a_reboot_interval_that_is_not_positive(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["--device", f"{MC4}@127.0.0.2", "--reboot-every", value])
    assert exited.value.code == 2
    assert "positive" in capsys.readouterr().err


async def _reboots(seed: int, count: int) -> tuple[SimulatedDevice, list[tuple[float, bool]]]:
    """Run the reboot loop for ``count`` reboots with a sleep that only records its waits."""
    device = SimulatedDevice(MC4, "127.0.0.2")
    waits: list[tuple[float, bool]] = []  # (seconds, whether the device was offline meanwhile)

    async def sleep(seconds: float) -> None:
        waits.append((seconds, device.faults.offline))
        if device.counters.reboots == count and not device.faults.offline:
            raise asyncio.CancelledError

    with pytest.raises(asyncio.CancelledError):
        await cli.reboot_randomly(device, 30.0, 1.5, random.Random(seed), sleep)
    return device, waits


async def test_random_reboots_take_the_device_offline_briefly() -> None:
    device, waits = await _reboots(seed=3, count=40)
    assert device.counters.reboots == 40
    assert not device.faults.offline
    assert len(waits) == 81  # an interval before each reboot, its downtime, the 41st interval
    intervals = [seconds for seconds, offline in waits[0::2]]
    downtimes = [seconds for seconds, offline in waits[1::2]]
    assert not any(offline for _, offline in waits[0::2])
    assert all(offline for _, offline in waits[1::2])
    assert all(0.75 <= seconds <= 2.25 for seconds in downtimes)
    # Exponential waits: their mean is near 30 s, and they spread far from it both ways.
    assert 15 < sum(intervals) / len(intervals) < 45
    assert min(intervals) < 10
    assert max(intervals) > 60
    # The same seed reboots at the same moments; another seed at others.
    assert (await _reboots(seed=3, count=40))[1] == waits
    assert (await _reboots(seed=4, count=40))[1] != waits


async def test_cli_reboots_devices_and_keeps_its_ready_lines() -> None:
    hosts = free_consecutive_hosts(2)
    key = "00112233445566778899aabbccddeeff"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "tests.simulator", "--device", f"{MCN02}@{hosts[0]}", "--count", "2"),
        *("--token", key, "--seed", "5", "--reboot-every", "0.3", "--reboot-downtime", "0.1"),
        cwd=REPO,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    try:
        lines = [(await asyncio.wait_for(process.stdout.readline(), 60)).decode() for _ in hosts]
        ids = []
        for line, host in zip(lines, hosts, strict=True):
            ready, model, line_host, token, device_id = line.split()
            assert (ready, model, line_host, token) == ("READY", MCN02, host, key)
            ids.append(int(device_id))
        # The device's clock goes backwards: it rebooted (while it is down, hellos go unanswered).
        device = SimulatedDevice(MCN02, hosts[1], token=bytes.fromhex(key), device_id=ids[1])
        async with probing(device) as probe, asyncio.timeout(60):  # a guard, not a measure
            stamps: list[int] = []
            while len(stamps) < 2 or stamps[-1] >= stamps[-2]:
                reply = await probe.hello(wait=0.2)
                if reply is not None:
                    assert reply.device_id == ids[1]
                    stamps.append(reply.stamp)
                await asyncio.sleep(0.02)
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, stderr.decode()


# --- hostile nesting ------------------------------------------------------------------------


def _nested(depth: int) -> bytes:
    """Return a request whose params nest ``depth`` lists deep (its object adds a level)."""
    params = "[" * depth + "]" * depth
    return f'{{"id": 4242, "method": "get_properties", "params": {params}}}'.encode()


async def _send_raw(device: SimulatedDevice, plaintext: bytes) -> dict[str, object]:
    async with probing(device) as probe:
        codec = MiioCodec(device.token)
        probe.send(codec.encode(device.device_id, device.stamp, plaintext + b"\x00"))
        data = await probe.receive()
        assert data is not None, "no answer"
        packet = codec.decode(data)
        assert packet.plaintext is not None
        reply: dict[str, object] = decode_json(packet.plaintext)
        # Still serving.
        assert (await probe.result("miIO.info"))["model"] == device.model
        return reply


@pytest.mark.parametrize(
    "depth",
    [
        MAX_JSON_NESTING,  # parses everywhere, one level too deep with the request object
        1_000,  # Python's parser manages, its repr and the request log's would not
        30_000,  # the deepest that fits a datagram; Python 3.13's parser raises RecursionError
    ],
)
async def test_deeply_nested_requests_get_invalid_json(simulator: Simulator, depth: int) -> None:
    device = await simulator(MC4)
    reply = await _send_raw(device, _nested(depth))
    assert reply == {"error": {"code": ERROR_INVALID_JSON, "message": "invalid json"}}
    assert [record.method for record in device.requests] == ["miIO.info"]


async def test_nesting_within_the_limit_is_handled(simulator: Simulator) -> None:
    device = await simulator(MC4)
    reply = await _send_raw(device, _nested(MAX_JSON_NESTING - 1))
    assert reply["id"] == 4242
    assert reply["error"] == {"code": -5001, "message": "invalid_arg"}  # not a property list
    assert [record.method for record in device.requests] == ["get_properties", "miIO.info"]


def test_a_request_nested_beyond_any_datagram_gets_invalid_json() -> None:
    device = SimulatedDevice(MC4, "127.0.0.2")
    replies: list[dict[str, object]] = []
    device._reply = lambda payload, addr: replies.append(payload)  # type: ignore[method-assign]
    for plaintext in (
        _nested(100_000),
        b'{"params": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_001,
    ):
        device._handle_request(plaintext, ("127.0.0.1", 1))
    invalid = {"error": {"code": ERROR_INVALID_JSON, "message": "invalid json"}}
    assert replies == [invalid, invalid]
    assert device.requests == []
