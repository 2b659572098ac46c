"""What our sentences cost Home Assistant's default agent: matching time with and without them.

Runs in one Home Assistant environment (the venv's hassil and home-assistant-intents): every
command of the blind sets (tests/voice_fresh*.yaml, as people wrote them, 560 in four language
variants) is matched the way the agent's strict stage matches it (``recognize_best`` over the
language's intents, its settings and skip words, an entity name list and an area list), once
against Home Assistant's sentences alone and once with ours merged in as the agent merges
custom sentences. With ``--baseline DIR`` (a copy of an earlier sentences/ directory) a third
run matches with that grammar merged instead, so that what the grammar's growth added is measured
in the same run: issue 17 asks that the time our sentences add must not double as they grow.
The runs alternate command by command, so load on the machine touches them alike. Prints
p50/p95/max per language variant and overall, the ratio with/without, and the time added (with
ours minus alone, per command) now and with the baseline.

    .venv/bin/python scripts/voice_bench.py [--repeat N] [--baseline DIR]   # HA 2026.2.3
    scripts/py314 .venv-newest/bin/python scripts/voice_bench.py            # 2026.10.4

``scripts/bench --voice`` runs both, with the sentences from before the voice work as baseline.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

import yaml
from hassil import recognize_best
from hassil.intents import Intents, SlotList, TextSlotList
from hassil.util import merge_dict
from home_assistant_intents import get_intents

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from custom_components.xiaomi_living.intents.compact import compact_sentence_file  # noqa: E402

SENTENCES = ROOT / "custom_components" / "xiaomi_living" / "sentences"
SETS = sorted((ROOT / "tests").glob("voice_fresh*.yaml"))
VARIANTS = ("en", "zh-CN", "zh-HK", "zh-TW")
# The home of the blind sets: two ACs, a TV, four rooms, names in both languages
NAMES = (
    "Study AC", "Living room AC", "Living room TV", "书房空调", "客厅空调", "客厅电视",
    "書房冷氣", "客廳冷氣", "客廳電視", "Kitchen light", "Bedroom lamp",
)  # fmt: skip
AREAS = (
    "Study", "Living Room", "Kitchen", "Bedroom", "书房", "客厅", "書房", "客廳", "厨房", "卧室",
)  # fmt: skip
APPS = ("YouTube", "Netflix", "爱奇艺", "愛奇藝", "Prime Video")


def _intents(variant: str, sentences: Path | None) -> Intents:
    """Home Assistant's intents for a variant, with the sentence files under ``sentences`` merged.

    Our current sentences are merged as the integration installs them (factored, see
    intents/compact.py); a baseline directory as its files are.
    """
    base: dict[str, Any] = copy.deepcopy(get_intents(variant))
    if sentences is not None:
        for path in sorted((sentences / variant).glob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            if sentences == SENTENCES:
                text = compact_sentence_file(text)
            merge_dict(base, yaml.safe_load(text))
    return Intents.from_dict(base)


def _lists(intents: Intents) -> dict[str, SlotList]:
    """Names, areas and apps as the agent and our integration give them; other lists empty."""
    given: dict[str, SlotList] = {
        "name": TextSlotList.from_strings(NAMES),
        "area": TextSlotList.from_strings(AREAS),
        "xl_tv_app_name": TextSlotList.from_strings(APPS),
    }
    wanted = {
        name
        for intent in intents.intents.values()
        for data in intent.data
        for sentence in data.sentences
        for name in sentence.list_names({**intents.expansion_rules, **data.expansion_rules})
    }
    missing = wanted - set(intents.slot_lists) - set(given)
    return {**{name: TextSlotList(name=name, values=[]) for name in missing}, **given}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _print_table(rows: list[tuple[str, int, dict[str, list[float]]]], sets: int) -> None:
    """Print matching times alone and with ours, per variant."""
    print(
        f"hassil {version('hassil')}, home-assistant-intents {version('home-assistant-intents')}, "
        f"Home Assistant {version('homeassistant')}, Python {sys.version.split()[0]}; "
        f"{rows[-1][1]} commands from {sets} blind sets\n"
    )
    print(
        "| variant | commands | HA alone p50 / p95 / max (ms) | with ours p50 / p95 / max (ms)"
        " | p50 ratio | p95 ratio |"
    )
    print("|---|---|---|---|---|---|")
    for variant, count, per in rows:
        cells = []
        for name in ("alone", "ours"):
            values = [value * 1000 for value in per[name]]
            p50, p95 = _percentile(values, 0.5), _percentile(values, 0.95)
            cells.append(f"{p50:.1f} / {p95:.1f} / {max(values):.0f}")
        ratio50 = _percentile(per["ours"], 0.5) / _percentile(per["alone"], 0.5)
        ratio95 = _percentile(per["ours"], 0.95) / _percentile(per["alone"], 0.95)
        print(
            f"| {variant} | {count} | {cells[0]} | {cells[1]} | {ratio50:.1f}x | {ratio95:.1f}x |"
        )


def _print_growth(rows: list[tuple[str, int, dict[str, list[float]]]], baseline: Path) -> None:
    """Print the time our sentences add now and with the baseline grammar, and the ratio."""
    print(
        "\nTime our sentences add (with them minus without, per command), now and with the"
        f" baseline grammar ({baseline}):\n"
    )
    print("| variant | added now p50 / p95 (ms) | added by baseline p50 / p95 (ms) | growth |")
    print("|---|---|---|---|")
    for variant, _count, per in rows:
        cells = []
        added = {}
        for name in ("ours", "baseline"):
            values = [(a - b) * 1000 for a, b in zip(per[name], per["alone"], strict=True)]
            added[name] = (_percentile(values, 0.5), _percentile(values, 0.95))
            cells.append(f"{added[name][0]:.1f} / {added[name][1]:.1f}")
        growth = [
            now / then if then > 0 else float("inf")
            for now, then in zip(added["ours"], added["baseline"], strict=True)
        ]
        print(f"| {variant} | {cells[0]} | {cells[1]} | {growth[0]:.2f}x / {growth[1]:.2f}x |")


def main() -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per command (median kept)")
    parser.add_argument(
        "--baseline", type=Path, help="an earlier sentences/ directory, measured alongside"
    )
    args = parser.parse_args()
    grammars: dict[str, Path | None] = {"alone": None, "ours": SENTENCES}
    if args.baseline is not None:
        grammars["baseline"] = args.baseline

    commands: dict[str, list[str]] = {variant: [] for variant in VARIANTS}
    for path in SETS:
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            commands[entry["language"]].append(entry["text"])
    context = {"area": {"value": "Study", "text": "Study"}}
    rows = []
    times: dict[str, list[float]] = {name: [] for name in grammars}
    for variant in VARIANTS:
        compiled = {name: _intents(variant, path) for name, path in grammars.items()}
        lists = {name: _lists(intents) for name, intents in compiled.items()}
        per: dict[str, list[float]] = {name: [] for name in grammars}
        for name, intents in compiled.items():  # warm-up: regexes compiled, number words built
            for text in commands[variant][:3]:
                recognize_best(text, intents, slot_lists=lists[name], language=variant)
        for text in commands[variant]:
            for name, intents in compiled.items():
                runs = []
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    recognize_best(
                        text,
                        intents,
                        slot_lists=lists[name],
                        intent_context=context,
                        language=variant,
                        best_slot_name="name",
                    )
                    runs.append(time.perf_counter() - start)
                per[name].append(statistics.median(runs))
        rows.append((variant, len(commands[variant]), per))
        for name, values in per.items():
            times[name].extend(values)
    rows.append(("all", sum(len(c) for c in commands.values()), times))

    _print_table(rows, len(SETS))
    if "baseline" in grammars:
        _print_growth(rows, args.baseline)
    return 0


if __name__ == "__main__":
    sys.exit(main())
