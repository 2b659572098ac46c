"""The v-series AC companion driver against simulated companions; the simulator against python-miio.

Every test talks real miIO over UDP on loopback. python-miio is blocking: its tests use the threaded
simulator, and the test that runs it next to our client calls it from a worker thread.
"""

from __future__ import annotations

import asyncio
from typing import Any

import miio
import pytest
from miio.airconditioningcompanion import (
    AirConditioningCompanion,
    AirConditioningCompanionV3,
    FanSpeed,
    Led,
    OperationMode,
    Power,
    SwingMode,
)

from custom_components.xiaomi_living.client import (
    DeviceError,
    MalformedReplyError,
    MiioClient,
    acpartner,
)
from custom_components.xiaomi_living.client.acpartner import AcPartnerClient, decode_state
from custom_components.xiaomi_living.client.errors import SettingsWhileOffError, UnknownAcModelError
from custom_components.xiaomi_living.client.models import aircondition as ac
from custom_components.xiaomi_living.client.models.aircondition import ACPARTNER_V
from tests.simulator.acpartner import (
    ACPARTNER_PROFILES,
    ACPARTNER_V2_MODEL,
    ACPARTNER_V3_MODEL,
    DEFAULT_AC_MODEL,
    SimulatedAcPartner,
    compose_state,
    parse_command,
)
from tests.simulator.device import SimulatedDevice
from tests.simulator.fleet import Simulator, ThreadedSimulator

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:miio.*")

V2 = ACPARTNER_V2_MODEL
# AC model codes: format byte, device type, brand (2 bytes), remote (4 bytes), state format.
GREE_2 = "010500000001072701"  # remote 0x00010727: a template with a fixed "off" command
CHIGO = "010501978077777101"  # remote 0x80777771: Chigo's template
UNKNOWN_REMOTE = "010501231234567801"  # a remote python-miio has no template for

EVERYTHING_ON = {
    "power": 1,
    "mode": OperationMode.Heat.value,
    "fan_speed": FanSpeed.Low.value,
    "swing": SwingMode.On.value,
    "target_temperature": 22,
    "load_power": 807.0,
}


async def _companion(simulator: Simulator, model: str = V2, **props: Any) -> SimulatedAcPartner:
    device = await simulator(model, props=props)
    assert isinstance(device, SimulatedAcPartner)
    return device


def _methods(device: SimulatedDevice) -> list[str]:
    return [record.method for record in device.requests]


# --- the description --------------------------------------------------------------------------


def test_description_speaks_python_miio_values() -> None:
    """Mode and fan wire values are python-miio's enum values; the core capabilities are fixed."""
    fields = ACPARTNER_V.fields
    assert fields[ac.MODE].values == {
        ac.MODE_COOL: OperationMode.Cool.value,
        ac.MODE_HEAT: OperationMode.Heat.value,
        ac.MODE_DRY: OperationMode.Dehumidify.value,
        ac.MODE_FAN_ONLY: OperationMode.Ventilate.value,
        ac.MODE_AUTO: OperationMode.Auto.value,
    }
    assert fields[ac.FAN_MODE].values == {
        ac.FAN_AUTO: FanSpeed.Auto.value,
        "low": FanSpeed.Low.value,
        "medium": FanSpeed.Medium.value,
        "high": FanSpeed.High.value,
    }
    assert ACPARTNER_V.fan_modes[0] == ac.FAN_AUTO
    assert set(ACPARTNER_V.models) == set(miio.airconditioningcompanion.MODELS_SUPPORTED)
    assert not any(field.optional for field in fields.values())
    assert [key for key, field in fields.items() if not field.writable] == [ac.POWER_CONSUMPTION]
    assert ACPARTNER_V.transport is ac.Transport.ACPARTNER_STATE


# --- reading ----------------------------------------------------------------------------------


@pytest.mark.parametrize("model", sorted(ACPARTNER_PROFILES))
async def test_probe_reads_every_capability(simulator: Simulator, model: str) -> None:
    """One get_model_and_state carries all six capabilities, on every model of the series."""
    device = await _companion(simulator, model)
    async with MiioClient(device.host, device.token) as client:
        driver = AcPartnerClient(client, ACPARTNER_V)
        state = await driver.probe()
    assert state == {
        ac.POWER: False,
        ac.MODE: ac.MODE_COOL,
        ac.TARGET_TEMPERATURE: 26.0,
        ac.FAN_MODE: ac.FAN_AUTO,
        ac.SWING_VERTICAL: False,
        ac.POWER_CONSUMPTION: 2.0,
    }
    assert driver.capabilities == set(state)
    assert driver.client is client
    assert driver.description is ACPARTNER_V
    assert _methods(device) == ["get_model_and_state"]


async def test_read_decodes_the_state(simulator: Simulator) -> None:
    """The hex state string decodes to canonical values, the load power to watts."""
    device = await _companion(simulator, **EVERYTHING_ON)
    assert device.state_hex == "011000160280222221"
    async with MiioClient(device.host, device.token) as client:
        state = await AcPartnerClient(client, ACPARTNER_V).read()
    assert state == {
        ac.POWER: True,
        ac.MODE: ac.MODE_HEAT,
        ac.TARGET_TEMPERATURE: 22.0,
        ac.FAN_MODE: "low",
        ac.SWING_VERTICAL: True,
        ac.POWER_CONSUMPTION: 807.0,
    }


def test_decode_state_of_python_miio_documented_answers() -> None:
    """The captured answers python-miio documents decode field by field."""
    state = decode_state(["010507950000257301", "011001160100002573", "807"])
    assert state.power is True
    assert state.mode == OperationMode.Heat.value
    assert state.fan_speed == FanSpeed.Low.value
    assert state.swing == SwingMode.Off.value
    assert state.target_temperature == 22
    assert state.led == Led.On.value
    assert state.load_power == 807
    assert state.model_usable
    assert decode_state(["010507950000257301", "010001160100002573"]).power is False


def test_simulator_layout_reproduces_the_documented_answers() -> None:
    """The simulator's state layout gives back the answers python-miio documents."""
    settings = {"mode": 0, "fan_speed": 0, "swing": "1", "target_temperature": 22, "led": "0"}
    model = "010507950000257301"
    assert compose_state({**settings, "ac_model": model, "power": 1}) == "011001160100002573"
    assert compose_state({**settings, "ac_model": model, "power": 0}) == "010001160100002573"
    assert (
        compose_state(
            {
                "ac_model": "010500978022222102",
                "power": 0,
                "mode": 2,
                "fan_speed": 0,
                "swing": "1",
                "target_temperature": 25,
                "led": "0",
            }
        )
        == "010201190280222221"
    )


@pytest.mark.parametrize(
    "answer",
    [None, "010201190280222221", [], [DEFAULT_AC_MODEL], [DEFAULT_AC_MODEL, 7, "2"]],
)
def test_decode_state_refuses_other_shapes(answer: Any) -> None:
    """An answer that is not [model, state, load] is a malformed reply."""
    with pytest.raises(MalformedReplyError):
        decode_state(answer)


def test_decode_state_leaves_undecodable_settings_empty() -> None:
    """Codes python-miio does not know decode to None, never to a guess."""
    state = decode_state([DEFAULT_AC_MODEL, "01x798zz9280222221", "n/a"])
    assert state.power is None
    assert state.mode is None
    assert state.fan_speed is None
    assert state.swing is None
    assert state.target_temperature is None
    assert state.led is None
    assert state.load_power is None


# --- writing ----------------------------------------------------------------------------------

# (values to write, the simulator props they set)
WRITE_CASES: list[tuple[dict[str, Any], dict[str, Any]]] = [
    ({ac.POWER: True}, {"power": 1}),
    ({ac.POWER: True, ac.MODE: ac.MODE_COOL}, {"power": 1, "mode": 1}),
    ({ac.POWER: True, ac.MODE: ac.MODE_HEAT}, {"power": 1, "mode": 0}),
    ({ac.POWER: True, ac.MODE: ac.MODE_DRY}, {"power": 1, "mode": 3}),
    ({ac.POWER: True, ac.MODE: ac.MODE_FAN_ONLY}, {"power": 1, "mode": 4}),
    ({ac.POWER: True, ac.MODE: ac.MODE_AUTO}, {"power": 1, "mode": 2}),
    ({ac.TARGET_TEMPERATURE: 16}, {"target_temperature": 16}),
    ({ac.TARGET_TEMPERATURE: 30.0}, {"target_temperature": 30}),
    ({ac.FAN_MODE: "low"}, {"fan_speed": 0}),
    ({ac.FAN_MODE: "medium"}, {"fan_speed": 1}),
    ({ac.FAN_MODE: "high"}, {"fan_speed": 2}),
    ({ac.FAN_MODE: ac.FAN_AUTO}, {"fan_speed": 3}),
    ({ac.SWING_VERTICAL: True}, {"swing": "0"}),
    (
        {ac.POWER: True, ac.TARGET_TEMPERATURE: 21, ac.FAN_MODE: "high"},
        {"power": 1, "target_temperature": 21, "fan_speed": 2},
    ),
    ({ac.POWER: False}, {"power": 0}),
]


@pytest.mark.parametrize("ac_model", [DEFAULT_AC_MODEL, UNKNOWN_REMOTE, GREE_2, CHIGO])
@pytest.mark.parametrize(("values", "props"), WRITE_CASES)
async def test_write_changes_the_state(
    simulator: Simulator, ac_model: str, values: dict[str, Any], props: dict[str, Any]
) -> None:
    """Each write is one configuration command; the next read shows exactly what was written.

    The AC starts off, except on the remote whose fixed "off" code carries no settings.
    """
    power = 1 if acpartner.has_fixed_off_command(ac_model) else 0
    device = await _companion(simulator, ac_model=ac_model, power=power)
    before = dict(device.props)
    async with MiioClient(device.host, device.token) as client:
        driver = AcPartnerClient(client, ACPARTNER_V)
        await driver.write(values)
        state = await driver.read()
    for key, value in values.items():
        assert state[key] == value
    assert {key: device.props[key] for key in props} == props
    untouched = {"mode", "fan_speed", "swing", "target_temperature", "led"} - set(props)
    assert {key: device.props[key] for key in untouched} == {key: before[key] for key in untouched}
    assert _methods(device) == ["get_model_and_state", "send_cmd", "get_model_and_state"]


async def test_write_keeps_every_other_setting(simulator: Simulator) -> None:
    """A command carries the whole configuration: what is not written is sent as it was."""
    device = await _companion(simulator, **EVERYTHING_ON)
    async with MiioClient(device.host, device.token) as client:
        await AcPartnerClient(client, ACPARTNER_V).write({ac.TARGET_TEMPERATURE: 24})
    (command,) = device.requests[-1].params
    assert command == "0180222221" + "1000" + "18" + "0" + "2"
    assert device.props == {**device.profile.defaults, **EVERYTHING_ON, "target_temperature": 24}


async def test_power_off_uses_the_fixed_off_command_of_the_template(simulator: Simulator) -> None:
    """For remotes with a fixed "off" code python-miio sends that code; power alone changes."""
    device = await _companion(simulator, ac_model=GREE_2, **EVERYTHING_ON)
    async with MiioClient(device.host, device.token) as client:
        driver = AcPartnerClient(client, ACPARTNER_V)
        await driver.write({ac.POWER: False})
        state = await driver.read()
    (command,) = device.requests[1].params
    off = miio.airconditioningcompanion.DEVICE_COMMAND_TEMPLATES["0100010727"]["off"]
    assert command == "0100010727" + off
    assert state[ac.POWER] is False
    assert state[ac.MODE] == ac.MODE_HEAT
    assert device.props["power"] == 0


async def test_fixed_off_code_cannot_carry_settings(simulator: Simulator) -> None:
    """While such an AC is off, a settings change is refused instead of silently dropped."""
    device = await _companion(simulator, ac_model=GREE_2)
    async with MiioClient(device.host, device.token) as client:
        driver = AcPartnerClient(client, ACPARTNER_V)
        with pytest.raises(SettingsWhileOffError, match="target_temperature"):
            await driver.write({ac.TARGET_TEMPERATURE: 20})
        # writing what it already has, or power on with new settings, goes through
        await driver.write({ac.POWER: False, ac.TARGET_TEMPERATURE: 26})
        await driver.write({ac.POWER: True, ac.TARGET_TEMPERATURE: 20})
    assert _methods(device).count("send_cmd") == 2
    assert (device.props["power"], device.props["target_temperature"]) == (1, 20)


@pytest.mark.parametrize(("swing", "on"), [("0", True), ("1", False), ("C", True), ("D", False)])
async def test_swing_keeps_the_remote_own_codes(simulator: Simulator, swing: str, on: bool) -> None:
    """A unit reporting Chigo's swing codes (C/D) is answered with Chigo's codes."""
    device = await _companion(simulator, ac_model=CHIGO, swing=swing)
    chigo = swing in "CD"
    async with MiioClient(device.host, device.token) as client:
        driver = AcPartnerClient(client, ACPARTNER_V)
        assert (await driver.read())[ac.SWING_VERTICAL] is on
        await driver.write({ac.SWING_VERTICAL: not on})
        assert (await driver.read())[ac.SWING_VERTICAL] is (not on)
    expected = {True: "C", False: "D"} if chigo else {True: "0", False: "1"}
    assert device.props["swing"] == expected[not on]


async def test_unknown_swing_code_is_kept(simulator: Simulator) -> None:
    """A swing code that is neither on nor off reads as unknown and survives other writes."""
    device = await _companion(simulator, swing=SwingMode.Unknown7.value)
    async with MiioClient(device.host, device.token) as client:
        driver = AcPartnerClient(client, ACPARTNER_V)
        assert (await driver.read())[ac.SWING_VERTICAL] is None
        await driver.write({ac.FAN_MODE: "high"})
    assert device.props["swing"] == "7"
    assert device.props["fan_speed"] == 2


async def test_led_code_is_kept(simulator: Simulator) -> None:
    """The LED code of the state goes back unchanged in templates that carry one."""
    device = await _companion(simulator, led=Led.Off.value)
    async with MiioClient(device.host, device.token) as client:
        await AcPartnerClient(client, ACPARTNER_V).write({ac.POWER: True})
    assert device.props["led"] == "A"
    assert device.requests[1].params[0][16] == "A"


# --- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get_model_and_state", "send_cmd"])
async def test_device_error_is_raised_with_its_code(simulator: Simulator, method: str) -> None:
    """An error answer to either call is a DeviceError with the device's code; nothing changes."""
    device = await _companion(simulator)
    device.faults.force_error(-5000, "general error", method=method)
    async with MiioClient(device.host, device.token) as client:
        driver = AcPartnerClient(client, ACPARTNER_V)
        with pytest.raises(DeviceError) as err:
            await driver.write({ac.POWER: True})
        assert err.value.code == -5000
        assert (await driver.read())[ac.POWER] is False
    assert device.props["power"] == 0


async def test_read_error_is_raised(simulator: Simulator) -> None:
    """A poll answered with an error code raises it."""
    device = await _companion(simulator)
    device.faults.force_error(-9998, "busy", method="get_model_and_state")
    async with MiioClient(device.host, device.token) as client:
        with pytest.raises(DeviceError) as err:
            await AcPartnerClient(client, ACPARTNER_V).read()
    assert err.value.code == -9998


@pytest.mark.parametrize("ac_model", ["0105", "zz0500978022222102"])
async def test_unusable_ac_model_reads_but_refuses_writes(
    simulator: Simulator, ac_model: str
) -> None:
    """Without a usable AC model the state still reads, and no command is sent."""
    device = await _companion(simulator, ac_model=ac_model, **EVERYTHING_ON)
    async with MiioClient(device.host, device.token) as client:
        driver = AcPartnerClient(client, ACPARTNER_V)
        state = await driver.probe()
        assert state[ac.MODE] == ac.MODE_HEAT
        with pytest.raises(UnknownAcModelError, match="no usable AC model"):
            await driver.write({ac.POWER: False})
    assert _methods(device) == ["get_model_and_state", "get_model_and_state"]
    assert device.props["power"] == 1


async def test_undecodable_setting_blocks_writes_that_need_it(simulator: Simulator) -> None:
    """A setting the state does not decode must come with the write, or nothing is sent."""
    device = await _companion(simulator, mode=7)
    async with MiioClient(device.host, device.token) as client:
        driver = AcPartnerClient(client, ACPARTNER_V)
        assert (await driver.read())[ac.MODE] is None
        with pytest.raises(MalformedReplyError, match="does not decode"):
            await driver.write({ac.POWER: True})
        await driver.write({ac.POWER: True, ac.MODE: ac.MODE_COOL})
        assert (await driver.read())[ac.MODE] == ac.MODE_COOL
    assert _methods(device).count("send_cmd") == 1


async def test_target_outside_two_hex_digits_blocks_other_writes(simulator: Simulator) -> None:
    """python-miio could not write a one-digit temperature code: a new target is needed."""
    device = await _companion(simulator, target_temperature=9)
    async with MiioClient(device.host, device.token) as client:
        driver = AcPartnerClient(client, ACPARTNER_V)
        with pytest.raises(MalformedReplyError):
            await driver.write({ac.FAN_MODE: "low"})
        await driver.write({ac.FAN_MODE: "low", ac.TARGET_TEMPERATURE: 20})
    assert device.props["target_temperature"] == 20


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({ac.POWER_CONSUMPTION: 5.0}, ValueError),
        ({ac.MODE: "turbo"}, ValueError),
        ({ac.FAN_MODE: "level_3"}, ValueError),
        ({ac.TARGET_TEMPERATURE: 31}, ValueError),
        ({ac.TARGET_TEMPERATURE: 22.5}, ValueError),
        ({ac.TARGET_TEMPERATURE: "22"}, ValueError),
        ({ac.TARGET_TEMPERATURE: True}, ValueError),
        ({ac.ECO: True}, KeyError),
    ],
)
async def test_invalid_writes_send_nothing(
    simulator: Simulator, values: dict[str, Any], error: type[Exception]
) -> None:
    """Values the family does not have are refused before anything reaches the device."""
    device = await _companion(simulator)
    async with MiioClient(device.host, device.token) as client:
        with pytest.raises(error):
            await AcPartnerClient(client, ACPARTNER_V).write(values)
    assert device.counters.handled == 0


# --- the simulator against python-miio --------------------------------------------------------


def test_python_miio_status_agrees(threaded_simulator: ThreadedSimulator) -> None:
    """python-miio's own status() decodes what the simulator holds."""
    device = threaded_simulator(V2, props=EVERYTHING_ON)
    status = AirConditioningCompanion(device.host, device.token_hex).status()
    assert status.is_on is True
    assert status.mode is OperationMode.Heat
    assert status.fan_speed is FanSpeed.Low
    assert status.swing_mode is SwingMode.On
    assert status.target_temperature == 22
    assert status.led is True
    assert status.load_power == 807
    assert status.air_condition_model == bytes.fromhex(DEFAULT_AC_MODEL)
    assert status.power_socket is None


@pytest.mark.parametrize("ac_model", [DEFAULT_AC_MODEL, GREE_2, CHIGO])
def test_python_miio_controls_the_simulator(
    threaded_simulator: ThreadedSimulator, ac_model: str
) -> None:
    """python-miio's send_configuration, on() and off() change what its status() shows."""
    device = threaded_simulator(V2, props={"ac_model": ac_model})
    client = AirConditioningCompanion(device.host, device.token_hex)
    answer = client.send_configuration(
        ac_model, Power.On, OperationMode.Dehumidify, 19, FanSpeed.High, SwingMode.On, Led.Off
    )
    assert answer == ["ok"]
    status = client.status()
    assert (status.is_on, status.mode, status.fan_speed) == (
        True,
        OperationMode.Dehumidify,
        FanSpeed.High,
    )
    assert (status.target_temperature, status.swing_mode) == (19, SwingMode.On)
    assert client.off() == ["ok"]
    assert client.status().is_on is False
    assert client.on() == ["ok"]
    assert client.status().is_on is True


def test_python_miio_v3_socket(threaded_simulator: ThreadedSimulator) -> None:
    """The v3 is also a socket: python-miio's V3 status reads it and switches it."""
    device = threaded_simulator(ACPARTNER_V3_MODEL)
    client = AirConditioningCompanionV3(device.host, device.token_hex)
    assert client.status().power_socket == "on"
    assert client.socket_off() == ["ok"]
    assert client.status().power_socket == "off"
    assert device.props["plug_state"] == "off"


def test_simulator_refuses_commands_python_miio_would_not_build(
    threaded_simulator: ThreadedSimulator,
) -> None:
    """Commands for another AC model, unknown codes or bad parameters are refused (-5001)."""
    device = threaded_simulator(V2)
    client = miio.Device(device.host, device.token_hex)
    good = "0180222221" + "1130190" + "2"
    for params in (
        ["0180111111" + "1130190" + "2"],  # another remote's prefix
        ["0180222221" + "1930190" + "2"],  # mode 9
        ["0180222221" + "1130190" + "7"],  # wrong model suffix
        [good, good],
        "on",
    ):
        with pytest.raises(miio.DeviceError) as err:
            client.send("send_cmd", params)
        assert err.value.code == -5001
    with pytest.raises(miio.DeviceError):
        client.send("set_power", ["maybe"])
    with pytest.raises(miio.DeviceError):
        client.send("get_device_prop", ["lumi.0"])
    assert client.send("send_cmd", [good]) == ["ok"]
    assert device.props["power"] == 1


def test_parse_command_checks_derived_temperature_digits() -> None:
    """Templates that repeat the temperature in derived digits must repeat it right."""
    built = acpartner.build_configuration_command(
        GREE_2, power=True, mode=1, target_temperature=24, fan_speed=3, swing="1", led="A"
    )
    assert parse_command(GREE_2, built, "0") == {
        "power": 1,
        "mode": 1,
        "fan_speed": 3,
        "swing": "1",
        "target_temperature": 24,
        "led": "0",
    }
    tampered = built[:-2] + ("0" if built[-2] != "0" else "1") + built[-1]
    assert parse_command(GREE_2, tampered, "0") is None


def test_v3_socket_refuses_other_sub_devices(threaded_simulator: ThreadedSimulator) -> None:
    """Properties of sub-devices other than lumi.0 are refused; unknown names read as null."""
    device = threaded_simulator(ACPARTNER_V3_MODEL)
    client = miio.Device(device.host, device.token_hex)
    assert client.send("get_device_prop", ["lumi.0", "plug_state", "volume"]) == ["on", None]
    with pytest.raises(miio.DeviceError):
        client.send("get_device_prop", ["lumi.158d0001", "plug_state"])
    with pytest.raises(miio.DeviceError):
        client.send("toggle_plug", ["sideways"])


async def test_client_and_python_miio_read_the_same(
    threaded_simulator: ThreadedSimulator,
) -> None:
    """Our asyncio client and python-miio's blocking one see the same unit the same way."""
    device = threaded_simulator(V2, props={**EVERYTHING_ON, "mode": OperationMode.Auto.value})
    status = await asyncio.to_thread(AirConditioningCompanion(device.host, device.token_hex).status)
    async with MiioClient(device.host, device.token) as client:
        state = await AcPartnerClient(client, ACPARTNER_V).read()
    assert state[ac.POWER] is status.is_on
    assert state[ac.MODE] == ACPARTNER_V.fields[ac.MODE].decode(status.mode.value)
    assert state[ac.MODE] == ac.MODE_AUTO
    assert state[ac.FAN_MODE] == status.fan_speed.name.lower()
    assert state[ac.TARGET_TEMPERATURE] == status.target_temperature
    assert state[ac.SWING_VERTICAL] is (status.swing_mode is SwingMode.On)
    assert state[ac.POWER_CONSUMPTION] == status.load_power
