"""Property tests: anything a device, a set or the network sends ends in a value or a typed error.

Every test here is seeded (``derandomize=True``: the same examples on every run, until the test or
Hypothesis changes), keeps no example database (nothing is written to the checkout), has no
deadline (the machines are shared) and a bounded number of examples, so that the whole package
stays within a few seconds per Python version. Raise ``max_examples`` locally to dig deeper.

``json_values`` draws what JSON can carry: Python's ``json`` round-trips it (no NaN, whose
``NaN != NaN`` breaks equality, and integers well inside the 4300-digit limit of ``int``/``str``).
``wire_values`` adds what a JSON parser hands over from a hostile peer: NaN, the infinities, -0.0,
integers of hundreds of digits and deep nesting.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, Self

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

_HEALTH_CHECKS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


def fuzz_settings(max_examples: int) -> settings:
    """Seeded, bounded settings with no deadline and no example database."""
    return settings(
        max_examples=max_examples,
        derandomize=True,
        database=None,
        deadline=None,
        print_blob=False,
        suppress_health_check=_HEALTH_CHECKS,
    )


class PrivateLoop:
    """A new event loop, apart from the test session's, on which a failing callback fails the test.

    asyncio only logs what a callback raises (a datagram handler, say), which would let a property
    test pass over it: this loop keeps it, and raises it when it closes.
    """

    def __init__(self) -> None:
        """Create the loop."""
        self.loop = asyncio.new_event_loop()
        self._errors: list[dict[str, Any]] = []
        self.loop.set_exception_handler(lambda _loop, context: self._errors.append(context))

    def run[T](self, coro: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine to its end on this loop."""
        return self.loop.run_until_complete(coro)

    def __enter__(self) -> Self:
        """Return the loop's owner."""
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_exc: object) -> None:
        """Close the loop; then fail with what a callback raised, if one did."""
        try:
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
        finally:
            self.loop.close()
        if self._errors and exc_type is None:
            context = self._errors[0]
            raise AssertionError(f"a callback raised: {context.get('message')}") from (
                context.get("exception")
            )


def run[T](coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine on a private event loop (see ``PrivateLoop``)."""
    with PrivateLoop() as loop:
        return loop.run(coro)


# Integers far inside what ``json`` reads and writes (4300 digits), yet past any 64-bit type.
BIG = 10**40

json_scalars: st.SearchStrategy[Any] = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.integers(min_value=-BIG, max_value=BIG)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
)


def _containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)


json_values: st.SearchStrategy[Any] = st.recursive(json_scalars, _containers, max_leaves=20)
json_objects: st.SearchStrategy[dict[str, Any]] = st.dictionaries(
    st.text(max_size=8), json_values, max_size=5
)


def nested(depth: int, leaf: Any = None) -> Any:
    """Return ``leaf`` wrapped in ``depth`` alternating lists and objects."""
    value = leaf
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


wire_scalars: st.SearchStrategy[Any] = (
    json_scalars
    | st.sampled_from([float("nan"), float("inf"), float("-inf"), -0.0, 0.0, 5e-324, 1.7e308])
    | st.integers(min_value=2, max_value=400).map(lambda digits: 10**digits)
    | st.integers(min_value=2, max_value=400).map(lambda digits: -(10**digits))
    | st.sampled_from(["", "on", "off", "On", "OFF", "1", "0", "true", "nan", "24", "\ud800"])
)
wire_values: st.SearchStrategy[Any] = st.recursive(
    wire_scalars, _containers, max_leaves=12
) | st.integers(min_value=10, max_value=200).map(nested)
