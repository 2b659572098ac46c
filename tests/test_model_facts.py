"""Model facts have one source, the descriptions: the simulator's profiles must agree with them.

A profile may not answer a property its model's description does not know (or lists as unused),
must answer every property the description requires, and must take exactly the values the
description sends: the same mode and fan value lists, numbers within the description's bounds,
and refusals where the integration explains them. So the simulator cannot drift into agreeing
with a wrong description.
"""

from __future__ import annotations

import pytest

from custom_components.xiaomi_living.client.aircondition import DRYER_MODES
from custom_components.xiaomi_living.client.models import aircondition as ac
from tests.simulator.profiles import PROFILES, VARIANTS, Profile, ValueSpec

AC_PROFILES = {
    name: profile
    for name, profile in {**PROFILES, **VARIANTS}.items()
    if profile.family == "air_conditioner" and profile.miot + profile.legacy
}


def _description(profile: Profile) -> ac.AirConditionerDescription:
    description = ac.air_conditioner_description(profile.model)
    assert description is not None, f"{profile.model} has a profile but no description"
    return description


def _speaks(description: ac.AirConditionerDescription) -> set[ac.Transport]:
    return {description.transport, *([description.fallback] if description.fallback else [])}


def _spec(profile: Profile, field: ac.Field) -> ValueSpec | None:
    if profile.miot and field.miot:
        prop = profile.miot_property(*field.miot)
        return None if prop is None else prop.spec
    if profile.legacy and field.legacy:
        legacy = profile.legacy_property(field.legacy)
        return None if legacy is None else legacy.spec
    return None


def _accepted(spec: ValueSpec) -> set[object]:
    if spec.values is not None:
        return set(spec.values)
    assert spec.value_range is not None
    low, high, step = spec.value_range
    return {low + step * n for n in range(round((high - low) / step) + 1)}


@pytest.mark.parametrize("profile", AC_PROFILES.values(), ids=list(AC_PROFILES))
def test_a_profile_answers_only_what_its_description_knows(profile: Profile) -> None:
    """Every MIoT address and legacy name the profile answers is a field or listed as unused."""
    description = _description(profile)
    known_miot = {f.miot for f in description.fields.values() if f.miot} | {
        u for u in description.unused if isinstance(u, tuple)
    }
    known_legacy = {f.legacy for f in description.fields.values() if f.legacy} | {
        u for u in description.unused if isinstance(u, str)
    }
    if profile.miot:
        assert ac.Transport.MIOT in _speaks(description), "answers MIoT, described without it"
        assert {(p.siid, p.piid) for p in profile.miot} <= known_miot
    if profile.legacy:
        assert ac.Transport.LEGACY in _speaks(description), "answers get_prop, described without"
        assert {p.name for p in profile.legacy} <= known_legacy


@pytest.mark.parametrize("profile", AC_PROFILES.values(), ids=list(AC_PROFILES))
def test_a_profile_answers_what_its_description_requires(profile: Profile) -> None:
    """Every required field is there, writable where the description writes it."""
    description = _description(profile)
    for key, field in description.fields.items():
        spec = _spec(profile, field)
        if not field.optional:
            assert spec is not None, f"{profile.model} lacks required {key}"
        if field.setter and profile.legacy and not profile.miot and spec is not None:
            assert any(s.method == field.setter for s in profile.setters), field.setter


@pytest.mark.parametrize("profile", AC_PROFILES.values(), ids=list(AC_PROFILES))
def test_a_profile_takes_the_values_its_description_sends(profile: Profile) -> None:
    """Choice lists are equal on both sides; numbers a profile takes are within the bounds."""
    description = _description(profile)
    legacy = not profile.miot
    for key, field in description.fields.items():
        spec = _spec(profile, field)
        if spec is None:
            continue
        if field.kind is ac.Kind.CHOICE:
            assert field.values is not None
            assert set(field.values.values()) == _accepted(spec), key
        elif field.kind is ac.Kind.FLAG and field.writable:
            assert spec.accepts(field.encode(True, legacy=legacy)), key
            assert spec.accepts(field.encode(False, legacy=legacy)), key
        elif field.kind is ac.Kind.NUMBER and spec.value_range is not None:
            assert field.minimum is not None
            assert field.maximum is not None
            low, high, _ = spec.value_range
            assert field.minimum * field.scale <= low <= high <= field.maximum * field.scale, key
            if key == ac.TARGET_TEMPERATURE:
                assert (low / field.scale, high / field.scale) == (
                    description.min_temperature,
                    description.max_temperature,
                )


@pytest.mark.parametrize("profile", AC_PROFILES.values(), ids=list(AC_PROFILES))
def test_a_dryer_is_refused_in_exactly_the_modes_the_integration_explains(
    profile: Profile,
) -> None:
    """Where a profile refuses the dryer by mode, it is in the modes outside DRYER_MODES."""
    description = _description(profile)
    dryer, mode = description.fields.get(ac.DRYER), description.fields[ac.MODE]
    spec = _spec(profile, dryer) if dryer else None
    if dryer is None or spec is None or not profile.refusals:
        pytest.skip("no dryer, or no refusals modelled")
    address = dryer.miot if profile.miot else dryer.legacy
    prop = (
        profile.miot_property(*address)
        if isinstance(address, tuple)
        else profile.legacy_property(str(address))
    )
    assert prop is not None
    mode_key = profile.climate.mode_key if profile.climate else "mode"
    assert mode.values is not None
    for canonical, wire in mode.values.items():
        state = {**profile.defaults, mode_key: wire}
        refused = profile.refusal(prop.key, state, True) is not None
        assert refused is (canonical not in DRYER_MODES), canonical
