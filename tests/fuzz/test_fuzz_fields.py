"""Every field of every AC description under arbitrary wire values: a value it allows, or an error.

``Field.decode(wire)`` returns a canonical value the field allows (one of its choices, a bool, a
finite number within its bounds) or raises ``DeviceValueError``; nothing else. It accepts what the
field says it carries, and ``decode(encode(value))`` gives every canonical value back. The fields
are those of ``AIR_CONDITIONERS`` and, where a model overrides its family's, of
``air_conditioner_description(model)``; bounds come from each field's own ``kind``, ``minimum`` and
``maximum``, so a new field or model is covered without touching this file.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from custom_components.xiaomi_living.client.errors import DeviceValueError
from custom_components.xiaomi_living.client.models.aircondition import (
    AIR_CONDITIONERS,
    Field,
    Kind,
    air_conditioner_description,
)
from tests.fuzz import fuzz_settings, wire_values


def _all_fields() -> Iterator[tuple[str, str, Field]]:
    """Yield (where, capability, field) for every family's fields and every model override."""
    for description in AIR_CONDITIONERS:
        for key, field in description.fields.items():
            yield description.key, key, field
        for model in description.models:
            overridden = air_conditioner_description(model)
            assert overridden is not None
            for key, field in overridden.fields.items():
                if field != description.fields.get(key):
                    yield model, key, field


FIELDS = list(_all_fields())


def _outcome(field: Field, wire: Any) -> Any:
    """Return what ``decode`` returns, or the DeviceValueError it raised; anything else fails."""
    try:
        return field.decode(wire)
    except DeviceValueError as err:
        return err


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _wire_bounds(field: Field) -> tuple[float, float]:
    low = -math.inf if field.minimum is None else field.minimum * field.scale
    high = math.inf if field.maximum is None else field.maximum * field.scale
    return low, high


def _same(wire: Any, value: Any) -> bool:
    """Equal, and both bools or neither: a device's 1 is no True, its True no 1."""
    return isinstance(wire, bool) == isinstance(value, bool) and bool(wire == value)


def test_every_field_declares_what_it_holds() -> None:
    assert len(FIELDS) > 20
    for where, key, field in FIELDS:
        assert field.kind in set(Kind), (where, key)
        if field.kind is Kind.CHOICE:
            assert field.values, (where, key)
        if field.kind is Kind.NUMBER:
            assert field.minimum is not None, (where, key)
            assert field.maximum is not None, (where, key)
            assert field.minimum <= field.maximum, (where, key)


_HOSTILE: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    1,
    -1,
    "on",
    "off",
    "0",
    "1",
    "",
    "\ud800",
    math.nan,
    math.inf,
    -math.inf,
    -0.0,
    5e-324,
    1.7e308,
    10**400,
    -(10**400),
    [],
    {},
    [1],
    {"value": 1},
    "x" * 100_000,
)


def _near_misses(field: Field) -> list[Any]:
    """Wire values next to what the field allows: its choices in other types, its bounds' edges."""
    misses: list[Any] = list(_HOSTILE)
    for wire in (field.values or {}).values():
        misses += [wire, str(wire), [wire], {"value": wire}]
        if _is_number(wire):
            misses += [float(wire), wire + 1, wire - 1, -wire, wire + 0.5]
    if field.kind is Kind.NUMBER:
        for edge in _wire_bounds(field):
            if math.isfinite(edge):
                misses += [edge, int(edge), math.nextafter(edge, math.inf)]
                misses += [math.nextafter(edge, -math.inf), edge + 1, edge - 1, str(edge)]
        misses += [0xFFFF, -0xFFFF, 2**53, 2**53 + 1, -(2**53) - 1]
    return misses


_cases = st.sampled_from(FIELDS).flatmap(
    lambda case: st.tuples(st.just(case), wire_values | st.sampled_from(_near_misses(case[2])))
)


@fuzz_settings(500)
@given(case=_cases)
def test_decode_gives_an_allowed_value_or_a_device_value_error(
    case: tuple[tuple[str, str, Field], Any],
) -> None:
    (where, key, field), wire = case
    _check_decode(where, key, field, wire)


def test_decode_of_every_near_miss_gives_an_allowed_value_or_a_device_value_error() -> None:
    """Every field against every value next to what it allows, not only those drawn at random."""
    for where, key, field in FIELDS:
        for wire in _near_misses(field):
            _check_decode(where, key, field, wire)


def _check_decode(where: str, key: str, field: Field, wire: Any) -> None:
    """Check what ``decode`` does with ``wire`` against what the field declares it allows."""
    outcome = _outcome(field, wire)
    refused = isinstance(outcome, DeviceValueError)
    if refused:
        assert str(outcome), (where, key)
        assert len(str(outcome)) < 300  # a device's megabyte never reaches a log line whole
    match field.kind:
        case Kind.CHOICE:
            assert field.values is not None
            allowed = any(_same(wire, value) for value in field.values.values())
            assert refused != allowed, (where, key, wire, outcome)
            if not refused:
                assert outcome in field.values
                assert _same(wire, field.values[outcome])
        case Kind.FLAG:
            # A bool (MIoT; 0 and 1 too), or "on"/"off" where the field carries them (legacy).
            allowed = (
                isinstance(wire, bool)
                or (type(wire) is int and wire in (0, 1))
                or (field.on_off and wire in ("on", "off"))
            )
            assert refused != allowed, (where, key, wire, outcome)
            if not refused:
                assert outcome is (wire in (True, "on")), (where, key, wire, outcome)
        case Kind.NUMBER:
            low, high = _wire_bounds(field)
            allowed = (
                _is_number(wire)
                and (not isinstance(wire, float) or math.isfinite(wire))
                and low <= wire <= high
            )
            assert refused != allowed, (where, key, wire, outcome)
            if not refused:
                assert _is_number(outcome)
                assert math.isfinite(outcome)
                assert field.minimum is not None
                assert field.maximum is not None
                assert field.minimum <= outcome <= field.maximum
                assert math.isclose(outcome * field.scale, wire, rel_tol=1e-12, abs_tol=1e-12)


def _canonical(field: Field) -> st.SearchStrategy[Any]:
    """Draw the canonical values a field can encode."""
    match field.kind:
        case Kind.CHOICE:
            assert field.values is not None
            return st.sampled_from(list(field.values))
        case Kind.FLAG:
            return st.booleans()
        case _:
            assert field.minimum is not None
            assert field.maximum is not None
            if field.scale != 1.0 or field.whole:
                # A device's resolution: tenths on a scale of 10, whole degrees on a whole field.
                steps = st.integers(
                    min_value=math.ceil(field.minimum * field.scale),
                    max_value=math.floor(field.maximum * field.scale),
                )
                return steps.map(lambda step: step / field.scale)
            return st.floats(min_value=field.minimum, max_value=field.maximum) | st.integers(
                min_value=math.ceil(field.minimum), max_value=math.floor(field.maximum)
            )


_encodable = st.sampled_from(FIELDS).flatmap(
    lambda case: st.tuples(st.just(case), _canonical(case[2]), st.booleans())
)


@fuzz_settings(300)
@given(case=_encodable)
def test_decode_of_encode_gives_the_value_back(
    case: tuple[tuple[str, str, Field], Any, bool],
) -> None:
    (where, key, field), value, legacy = case
    wire = field.encode(value, legacy=legacy)
    decoded = field.decode(wire)
    assert decoded == value, (where, key, value, wire, decoded)
    assert isinstance(decoded, bool) == isinstance(value, bool)


def test_every_choice_decodes_from_its_own_wire_value() -> None:
    """No two choices share a wire value, so each comes back as itself."""
    for where, key, field in FIELDS:
        for value, wire in (field.values or {}).items():
            assert field.decode(wire) == value, (where, key, value)


def test_integers_too_long_to_print_are_refused() -> None:
    """A longer integer than ``int`` turns into text (4300 digits) is still a DeviceValueError.

    JSON's parser refuses such integers already; ``decode`` is handed one by anything else.
    """
    wire = 10 ** (sys.get_int_max_str_digits() or 4300)
    broken: list[str] = []
    for where, key, field in FIELDS:
        try:
            outcome = _outcome(field, wire)
        except ValueError:
            broken.append(f"{where}-{key}")
            continue
        assert isinstance(outcome, DeviceValueError), (where, key, outcome)
    assert broken == []
