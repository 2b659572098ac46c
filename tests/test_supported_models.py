"""The README's supported-models table is generated from the model descriptions."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location(
        "supported_models", ROOT / "scripts" / "supported_models.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_table_matches_the_descriptions() -> None:
    """Run `scripts/supported_models.py --write` after changing a description."""
    generator = _generator()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert generator.replace_table(readme) == readme


def test_table_lists_every_simulated_model_as_reported() -> None:
    """Each AC model the simulator impersonates appears in the table as reported."""
    table = _generator().render_table()
    for model in (
        "xiaomi.aircondition.mc4",
        "xiaomi.aircondition.ma4",
        "zhimi.aircondition.v1",
        "lumi.acpartner.mcn02",
    ):
        row = next(line for line in table.splitlines() if f"`{model}`" in line)
        assert "| reported |" in row
