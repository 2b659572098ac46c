"""Which described models the simulator impersonates, derived from the descriptions and profiles.

The model descriptions (``client/models``) say what exists; the simulator's profiles say what can
be run. Everything that lists models for tests or the README is computed here from those two, so
that adding a model is adding a description row and a profile, never editing a list.
"""

from __future__ import annotations

from custom_components.xiaomi_living.client.models import aircondition as ac
from custom_components.xiaomi_living.client.models import tv

from .fleet import ALL_PROFILES

_RANK = {confidence: rank for rank, confidence in enumerate(ac.Confidence)}


def family_of(model: str) -> ac.AirConditionerDescription | tv.TvDescription | None:
    """Return the description family a model belongs to, None for a model we do not describe."""
    return ac.air_conditioner_description(model) or tv.tv_description(model)


def simulated_models() -> list[str]:
    """Return every described model the simulator has a profile for, in the descriptions' order."""
    families: tuple[ac.AirConditionerDescription | tv.TvDescription, ...] = (
        *ac.AIR_CONDITIONERS,
        *tv.TELEVISIONS,
    )
    return [model for family in families for model in family.models if model in ALL_PROFILES]


def climate_test_models() -> list[str]:
    """Return the AC models the climate tests run (and snapshot), family by family.

    Every *reported* model the simulator impersonates; a family with no reported model among its
    simulated ones is represented by its simulated model of the highest confidence, so that every
    family is tested.
    """
    models: list[str] = []
    for family in ac.AIR_CONDITIONERS:
        simulated = sorted(
            (model for model in family.models if model in ALL_PROFILES),
            key=lambda model: (_RANK[family.models[model]], model),
        )
        reported = [m for m in simulated if family.models[m] is ac.Confidence.REPORTED]
        models.extend(reported or simulated[:1])
    return models
