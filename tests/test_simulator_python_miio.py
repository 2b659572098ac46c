"""python-miio's own client, unmodified, against the simulator: how we know it is faithful.

python-miio is blocking, so these tests run against the threaded simulator from the test's thread.
"""

from __future__ import annotations

import miio
import pytest

from tests.simulator import PROFILES, SimulatedTv, ThreadedSimulator
from tests.simulator.probe import MC4, MCN02, TV, miot
from tests.simulator.profiles import MA4_LEGACY

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:miio.*")


@pytest.mark.parametrize("model", list(PROFILES))
def test_python_miio_reads_info(threaded_simulator: ThreadedSimulator, model: str) -> None:
    device = threaded_simulator(model)
    info = miio.Device(device.host, device.token_hex).info()
    assert info.model == model
    assert info.firmware_version == device.profile.fw_ver
    assert info.mac_address == device.mac.upper()
    assert info.network_interface["localIp"] == device.host
    assert "token" not in info.data
    assert device.counters.hellos >= 1
    assert [record.method for record in device.requests] == ["miIO.info"]


def test_python_miio_get_properties(threaded_simulator: ThreadedSimulator) -> None:
    device = threaded_simulator(MC4, props={"target_temperature": 23.5, "mode": 5})
    answer = miio.Device(device.host, device.token_hex).send(
        "get_properties", [miot(2, 4, did="t"), miot(2, 2, did="m"), miot(7, 7, did="x")]
    )
    assert answer == [
        {"did": "t", "siid": 2, "piid": 4, "code": 0, "value": 23.5},
        {"did": "m", "siid": 2, "piid": 2, "code": 0, "value": 5},
        {"did": "x", "siid": 7, "piid": 7, "code": -4001},
    ]


def test_python_miio_air_conditioner_miot(threaded_simulator: ThreadedSimulator) -> None:
    device = threaded_simulator(
        MC4, props={"power": True, "mode": 3, "fan_level": 4, "room_temperature": 24.3}
    )
    client = miio.AirConditionerMiot(device.host, device.token_hex)
    status = client.status()
    props = device.props
    assert status.is_on is True
    assert status.mode == miio.airconditioner_miot.OperationMode.Dry
    assert status.target_temperature == props["target_temperature"]
    assert status.fan_speed.value == 4
    assert status.temperature == 24.3
    assert status.electricity == props["electricity"]
    assert status.eco == props["eco"]
    assert status.heater == props["heater"]
    assert status.dryer == props["dryer"]
    assert status.sleep_mode == props["sleep_mode"]
    assert status.vertical_swing == props["vertical_swing"]
    assert status.buzzer == props["buzzer"]
    assert status.led == props["led"]
    assert status.fan_speed_percent == props["fan_percent"]
    assert status.clean.progress == 100
    assert status.timer.enabled is False
    # 17 properties in chunks of 15 fit the model's limit of 16.
    assert [record.method for record in device.requests] == [
        "miIO.info",
        "get_properties",
        "get_properties",
    ]

    client.set_target_temperature(22.5)
    client.off()
    assert props["target_temperature"] == 22.5
    assert props["power"] is False


def test_python_miio_companion_mcn02(threaded_simulator: ThreadedSimulator) -> None:
    device = threaded_simulator(
        MCN02,
        props={"power": "on", "mode": "dry", "tar_temp": 22, "fan_level": "small_fan"},
    )
    client = miio.AirConditioningCompanionMcn02(device.host, device.token_hex)
    client.send("set_ver_swing", ["on"])
    device.props["load_power"] = 84.0
    status = client.status()
    assert status.is_on is True
    assert status.mode == miio.airconditioningcompanionMCN.OperationMode.Dehumidify
    assert status.target_temperature == 22
    assert status.fan_speed == miio.airconditioningcompanionMCN.FanSpeed.Low
    assert status.swing_mode == miio.airconditioningcompanionMCN.SwingMode.On
    assert status.load_power == 84
    assert client.off() == ["ok"]
    assert device.props["power"] == "off"


def test_python_miio_with_wrong_token_fails(threaded_simulator: ThreadedSimulator) -> None:
    device = threaded_simulator(MC4)
    client = miio.Device(device.host, "00" * 16, timeout=1)
    with pytest.raises(miio.DeviceException, match="checksum"):
        client.send("miIO.info")
    assert device.counters.bad_checksums == 1
    assert device.requests == []


def test_python_miio_sees_device_errors(threaded_simulator: ThreadedSimulator) -> None:
    device = threaded_simulator(MC4)
    client = miio.Device(device.host, device.token_hex)
    with pytest.raises(miio.DeviceError) as unknown:
        client.send("get_prop", ["power"])
    assert unknown.value.code == -10000
    assert client.send("set_properties", [miot(2, 4, 35.0)]) == [
        {"did": "probe", "siid": 2, "piid": 4, "code": -4005}
    ]
    with pytest.raises(miio.DeviceError) as too_many:
        client.send("get_properties", [miot(2, 1)] * 17)
    assert too_many.value.code == -5001


def test_python_miio_controls_the_tv(threaded_simulator: ThreadedSimulator) -> None:
    tv = threaded_simulator(TV)
    assert isinstance(tv, SimulatedTv)
    client = miio.Device(tv.host, tv.token_hex)
    client.send("set_properties", [miot(4, 1, 55), miot(4, 2, True)])
    assert (tv.tv.volume, tv.tv.muted) == (55, True)
    answer = client.send("action", {"did": "call-2-1", "siid": 2, "aiid": 1, "in": []})
    assert answer == {"did": "call-2-1", "siid": 2, "aiid": 1, "code": 0, "out": []}
    assert tv.tv.power == "off"
    # TvState listeners (the HTTP server) must run on the simulator's thread.
    threaded_simulator.call(setattr, tv.tv, "power", "on")
    (volume,) = client.send("get_properties", [miot(4, 1)])
    assert volume["value"] == 55


def test_python_miio_reads_the_legacy_only_ma4(threaded_simulator: ThreadedSimulator) -> None:
    """Device.send("get_prop") reads the ma4 on legacy-only firmware, one name per request."""
    device = threaded_simulator(MA4_LEGACY, props={"power": True, "mode": 2, "fan_level": 3})
    client = miio.Device(device.host, device.token_hex)
    names = ["power", "mode", "settemp", "wind_level", "swing", "swingh", "temperature"]
    assert [client.send("get_prop", [name])[0] for name in names] == [1, 2, 26.0, 3, 0, 0, 27.5]
    assert client.send("set_mode", [4]) == ["ok"]
    assert device.props["mode"] == 4
    with pytest.raises(miio.DeviceException):  # -9999 "user ack timeout", retried, given up
        client.send("get_prop", ["power", "mode"])
    with pytest.raises(miio.DeviceError) as raised:
        client.send("get_properties", [miot(2, 1)])
    assert raised.value.args[0]["code"] == -10000
