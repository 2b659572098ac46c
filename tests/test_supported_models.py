"""The model lists follow from the descriptions: README tables, simulator profiles, discovery.

Adding a model is a description row, a simulator profile and a snapshot (README, "Adding a
model"); these tests fail when one of them is missing or the README was not regenerated.
"""

from __future__ import annotations

import importlib.util
import json
from fnmatch import fnmatchcase
from pathlib import Path
from types import ModuleType

import pytest

from custom_components.xiaomi_living.client.models import aircondition as ac
from custom_components.xiaomi_living.client.models import tv
from tests.simulator.catalog import climate_test_models, family_of, simulated_models
from tests.simulator.fleet import ALL_PROFILES

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = json.loads(
    (ROOT / "custom_components" / "xiaomi_living" / "manifest.json").read_text(encoding="utf-8")
)

# TV families the simulator does not impersonate with a profile of their own, and why.
TV_FAMILIES_WITHOUT_PROFILE = {
    # unverified: no report of which properties a box answers, so nothing to simulate yet
    tv.MIOT_TV_BOX.key,
    # no miIO at all: tests run it against a simulated set's HTTP API (conftest's http_only)
    tv.MIUI_HTTP.key,
}


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "supported_models", ROOT / "scripts" / "supported_models.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _described_models() -> list[str]:
    families = (*ac.AIR_CONDITIONERS, *tv.TELEVISIONS)
    return [model for family in families for model in family.models]


def test_readme_lists_match_the_descriptions() -> None:
    """Run `scripts/supported_models.py --write` after changing a description or a profile."""
    generator = _generator()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert generator.replace_table(readme) == readme


def test_simulator_list_names_every_simulated_model() -> None:
    """The README's simulator list is the described models the simulator has a profile for."""
    listed = _generator().render_simulator_list()
    assert [line.split("`")[1] for line in listed.splitlines()] == simulated_models()


@pytest.mark.parametrize("model", sorted(ALL_PROFILES))
def test_every_simulated_model_is_described(model: str) -> None:
    """A profile impersonates a model that the integration knows, with the right kind."""
    family = family_of(model)
    assert family is not None, f"{model} has a simulator profile but no description"
    expected = "tv" if isinstance(family, tv.TvDescription) else "air_conditioner"
    assert ALL_PROFILES[model].family == expected


@pytest.mark.parametrize("family", ac.AIR_CONDITIONERS, ids=lambda family: family.key)
def test_every_air_conditioner_family_is_simulated(family: ac.AirConditionerDescription) -> None:
    """Each AC family has a simulator profile for one of its models, and runs the climate tests."""
    simulated = [model for model in family.models if model in ALL_PROFILES]
    assert simulated, f"{family.key}: add a profile to tests/simulator/profiles.py"
    assert set(simulated) & set(climate_test_models())


@pytest.mark.parametrize("family", tv.TELEVISIONS, ids=lambda family: family.key)
def test_every_tv_family_is_simulated(family: tv.TvDescription) -> None:
    """Each TV family has a simulator profile, unless listed with its reason above."""
    simulated = any(model in ALL_PROFILES for model in family.models)
    assert simulated != (family.key in TV_FAMILIES_WITHOUT_PROFILE)


def test_reported_simulated_models_run_the_climate_tests() -> None:
    """A reported AC model with a profile is snapshot-tested; the list is in family order."""
    reported = [
        model
        for family in ac.AIR_CONDITIONERS
        for model, confidence in family.models.items()
        if confidence is ac.Confidence.REPORTED and model in ALL_PROFILES
    ]
    assert set(reported) <= set(climate_test_models())


@pytest.mark.parametrize("model", _described_models())
def test_every_model_is_discovered_by_its_zeroconf_name(model: str) -> None:
    """A lowercase manifest pattern matches the mDNS name ``<model with dashes>_miio<id>``."""
    patterns = [matcher["name"] for matcher in MANIFEST["zeroconf"]]
    assert all(pattern == pattern.lower() for pattern in patterns)
    name = f"{model.replace('.', '-')}_miio123456789"
    assert any(fnmatchcase(name, pattern) for pattern in patterns), name


def test_table_rows_carry_the_description_confidence() -> None:
    """Each described AC model has one row in the table, with its family's confidence."""
    table = _generator().render_table()
    for family in ac.AIR_CONDITIONERS:
        for model, confidence in family.models.items():
            (row,) = (line for line in table.splitlines() if f"`{model}`" in line)
            assert f"| {confidence.value} |" in row
