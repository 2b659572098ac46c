"""The simulator's profiles are consistent: valid defaults, setters for existing properties."""

from __future__ import annotations

import pytest

from tests.simulator import PROFILES, SimulatedDevice
from tests.simulator.probe import MCN02
from tests.simulator.profiles import LegacySetter, Profile


@pytest.mark.parametrize("profile", PROFILES.values(), ids=list(PROFILES))
def test_profile_defaults_are_valid(profile: Profile) -> None:
    for prop in profile.miot:
        if profile.family != "tv":
            assert prop.key in profile.defaults
            if prop.writable:
                assert prop.spec.accepts(profile.defaults[prop.key]), prop
    for legacy in profile.legacy:
        wire = legacy.codec.to_wire(profile.defaults[legacy.key])
        assert legacy.spec.accepts(wire), legacy
    for setter in profile.setters:
        assert profile.legacy_property(setter.prop) is not None


def test_profile_with_a_setter_for_nothing_is_rejected() -> None:
    broken = Profile(
        model="broken",
        family="air_conditioner",
        fw_ver="0",
        hw_ver="0",
        legacy=PROFILES[MCN02].legacy,
        setters=(LegacySetter("set_nothing", "nothing"),),
    )
    with pytest.raises(ValueError, match="set_nothing"):
        SimulatedDevice(broken, "127.0.0.2")
