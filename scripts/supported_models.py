"""Render the README's model lists from the model descriptions and the simulator's profiles.

`.venv/bin/python scripts/supported_models.py` prints the supported-models tables and the list of
simulated models; `--write` replaces them between their markers in README.md.
tests/test_supported_models.py fails when the README and the descriptions disagree.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from custom_components.xiaomi_living.client.models import aircondition as ac  # noqa: E402
from custom_components.xiaomi_living.client.models import tv  # noqa: E402
from tests.simulator.catalog import family_of, simulated_models  # noqa: E402

START = "<!-- supported-models:start -->"
END = "<!-- supported-models:end -->"
TV_START = "<!-- supported-tvs:start -->"
TV_END = "<!-- supported-tvs:end -->"
SIMULATOR_START = "<!-- simulator-models:start -->"
SIMULATOR_END = "<!-- simulator-models:end -->"

_RANK = {confidence: rank for rank, confidence in enumerate(ac.Confidence)}
_FUNCTIONS = (
    (ac.FAN_MODE, "fan speeds"),
    (ac.SWING_VERTICAL, "vertical swing"),
    (ac.SWING_HORIZONTAL, "horizontal swing"),
    (ac.VANE_VERTICAL, "vane positions"),
    (ac.ECO, "eco"),
    (ac.SLEEP, "sleep"),
    (ac.AUX_HEAT, "aux heater"),
    (ac.DRYER, "anti-mould drying"),
    (ac.BUZZER, "buzzer"),
    (ac.LIGHT, "indicator light"),
    (ac.CURRENT_TEMPERATURE, "room temperature"),
    (ac.CURRENT_HUMIDITY, "room humidity"),
    (ac.TARGET_HUMIDITY, "target humidity"),
    (ac.OUTDOOR_TEMPERATURE, "outdoor temperature"),
    (ac.POWER_CONSUMPTION, "power (W)"),
    (ac.ENERGY, "energy (kWh)"),
)


_PROTOCOLS = {
    ac.Transport.MIOT: "MIoT",
    ac.Transport.LEGACY: "legacy miIO",
    ac.Transport.ACPARTNER_STATE: "legacy miIO (state string, IR commands)",
}


def _protocol(description: ac.AirConditionerDescription, model: str) -> str:
    """Say which protocol a model is spoken to in, and the spec its values are read against."""
    text = _PROTOCOLS[description.transport]
    if description.fallback is not None:
        text += f" or {_PROTOCOLS[description.fallback]}, asked at setup"
    spec = description.miot_specs.get(model)
    return f"{text} (spec {spec})" if spec else text


def render_table() -> str:
    """Return the markdown table of every air conditioner model we describe.

    *name* is the plain name Home Assistant shows as the device's model; *family* is the
    description's key (diagnostics name it too), the technical family the model is read as.
    """
    lines = [
        "| model | name | family | confidence | protocol | modes | temperature | functions |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for family in ac.AIR_CONDITIONERS:
        ranked = sorted(family.models.items(), key=lambda item: (_RANK[item[1]], item[0]))
        for model, confidence in ranked:
            description = ac.air_conditioner_description(model)
            if description is None:
                raise ValueError(f"{model} is listed but has no description")
            functions = ", ".join(
                f"{name}{'*' if description.fields[key].optional else ''}"
                for key, name in _FUNCTIONS
                if key in description.fields
            )
            temperature = (
                f"{description.min_temperature:g}-{description.max_temperature:g} °C"
                f" step {description.temperature_step:g}"
            )
            lines.append(
                f"| `{model}` | {description.name} | `{description.key}` | {confidence.value} | "
                f"{_protocol(description, model)} | "
                f"{', '.join(description.hvac_modes)} | {temperature} | {functions} |"
            )
    return "\n".join(lines)


def render_tv_table() -> str:
    """Return the markdown table of every TV model we describe."""
    lines = [
        "| model | family | confidence | channels | inputs |",
        "| --- | --- | --- | --- | --- |",
    ]
    for family in tv.TELEVISIONS:
        ranked = sorted(family.models.items(), key=lambda item: (_RANK[item[1]], item[0]))
        channels = "miIO (MIoT) + HTTP 6095" if family.miot else "HTTP 6095 only, no token"
        inputs = ", ".join(family.inputs) or "-"
        lines.extend(
            f"| `{model}` | {family.name} | {confidence.value} | {channels} | {inputs} |"
            for model, confidence in ranked
        )
    return "\n".join(lines)


def render_simulator_list() -> str:
    """Return the markdown list of the described models the simulator impersonates."""
    lines = []
    for model in simulated_models():
        family = family_of(model)
        if family is None:  # pragma: no cover - simulated_models only yields described models
            raise ValueError(f"{model} is simulated but not described")
        lines.append(f"- `{model}`: {family.name}, {family.models[model].value}")
    return "\n".join(lines)


def _between(text: str, start: str, end: str, table: str) -> str:
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{table}\n{end}{tail}"


def replace_table(readme: str) -> str:
    """Return the README text with the tables between the markers rendered anew."""
    readme = _between(readme, START, END, render_table())
    readme = _between(readme, TV_START, TV_END, render_tv_table())
    return _between(readme, SIMULATOR_START, SIMULATOR_END, render_simulator_list())


def main() -> None:
    """Print the table, or write it into README.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="update README.md in place")
    args = parser.parse_args()
    if args.write:
        path = ROOT / "README.md"
        path.write_text(replace_table(path.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        print(render_table())
        print()
        print(render_tv_table())
        print()
        print(render_simulator_list())


if __name__ == "__main__":
    main()
