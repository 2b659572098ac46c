"""Draw scripts/bench.py's poll figures as a PNG: time per poll and CPU per poll per device vs N.

Pillow only (Home Assistant itself depends on it, so every venv here has it): two log-log panels,
one line per variant with its min-max spread as bars, a legend in each panel.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

WIDTH, HEIGHT = 1400, 640
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 90, 30, 110, 70
SERIES = (
    ("ours", "ours (asyncio, one loop)", (31, 119, 180)),
    ("miio", "python-miio (64 threads)", (255, 127, 14)),
    ("floor", "floor probe (bare datagram exchange)", (110, 110, 110)),
)
GRID = (225, 225, 225)
AXIS = (40, 40, 40)


def _font(size: int) -> Any:
    from PIL import ImageFont  # noqa: PLC0415

    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # no FreeType: Pillow's small bitmap font
        return ImageFont.load_default()


def _log_ticks(low: float, high: float) -> list[float]:
    """1-2-5 ticks covering [low, high] on a log axis."""
    ticks = []
    for exponent in range(math.floor(math.log10(low)) - 1, math.ceil(math.log10(high)) + 1):
        for mantissa in (1, 2, 5):
            value = mantissa * 10.0**exponent
            if low <= value <= high:
                ticks.append(value)
    return ticks


def _label(value: float) -> str:
    if value >= 1:
        return f"{value:g}"
    return f"{value:.3g}"


def _panel(
    draw: Any,
    box: tuple[int, int, int, int],
    *,
    title: str,
    sizes: Sequence[int],
    series: dict[str, list[list[float]]],
) -> None:
    left, top, right, bottom = box
    values = [v for rows in series.values() for row in rows for v in row if v > 0]
    y_low, y_high = min(values) / 1.5, max(values) * 1.5
    x_low, x_high = sizes[0] / 1.6, sizes[-1] * 1.6

    def x_of(n: float) -> float:
        return left + (math.log(n) - math.log(x_low)) / (math.log(x_high) - math.log(x_low)) * (
            right - left
        )

    def y_of(v: float) -> float:
        span = math.log(y_high) - math.log(y_low)
        return bottom - (math.log(v) - math.log(y_low)) / span * (bottom - top)

    small, normal, large = _font(14), _font(16), _font(20)
    for tick in _log_ticks(y_low, y_high):
        y = y_of(tick)
        draw.line([(left, y), (right, y)], fill=GRID, width=1)
        draw.text((left - 8, y), _label(tick), fill=AXIS, font=small, anchor="rm")
    for n in sizes:
        x = x_of(n)
        draw.line([(x, top), (x, bottom)], fill=GRID, width=1)
        draw.text((x, bottom + 8), str(n), fill=AXIS, font=small, anchor="mt")
    draw.rectangle([left, top, right, bottom], outline=AXIS, width=2)
    draw.text(((left + right) / 2, top - 14), title, fill=AXIS, font=large, anchor="mb")
    draw.text(
        ((left + right) / 2, bottom + 34), "devices polled at once (N, log scale)", fill=AXIS,
        font=normal, anchor="mt",
    )  # fmt: skip

    for key, _, colour in SERIES:
        rows = series.get(key)
        if not rows:
            continue
        points = [
            (x_of(n), y_of(statistics.median(row))) for n, row in zip(sizes, rows, strict=True)
        ]
        draw.line(points, fill=colour, width=3, joint="curve")
        for (x, _), row in zip(points, rows, strict=True):
            draw.line([(x, y_of(min(row))), (x, y_of(max(row)))], fill=colour, width=2)
            for value in (min(row), max(row)):
                draw.line([(x - 5, y_of(value)), (x + 5, y_of(value))], fill=colour, width=2)
        for x, y in points:
            draw.ellipse([x - 5, y - 5, x + 5, y + 5], fill=colour, outline=(255, 255, 255))


def _legend(draw: Any) -> None:
    """One legend for both panels, in a row above them."""
    font = _font(16)
    widths = [draw.textlength(name, font=font) + 60 for _, name, _ in SERIES]
    x = (WIDTH - sum(widths)) / 2
    y = 24
    for (_, name, colour), width in zip(SERIES, widths, strict=True):
        draw.line([(x, y), (x + 34, y)], fill=colour, width=3)
        draw.ellipse([x + 12, y - 5, x + 22, y + 5], fill=colour)
        draw.text((x + 42, y), name, fill=AXIS, font=font, anchor="lm")
        x += width


def plot(results: dict[str, Any], path: Path) -> bool:
    """Draw the two panels into ``path``; False (and nothing written) without Pillow."""
    try:
        from PIL import Image, ImageDraw  # noqa: PLC0415
    except ImportError:
        print("Pillow is not installed: no plot", flush=True)
        return False
    polls: dict[int, dict[str, list[float]]] = results["polls"]
    sizes = sorted(polls)
    image = Image.new("RGB", (WIDTH, HEIGHT), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    half = WIDTH // 2
    panels = (
        ("Time of one poll of N devices at once (ms)", "ms"),
        ("Client CPU per poll, per device (microseconds)", "cpu_us"),
    )
    _legend(draw)
    note = "both axes log scale; points: median of the repeats, bars: min to max"
    draw.text((WIDTH / 2, 50), note, fill=AXIS, font=_font(14), anchor="mm")
    for index, (title, suffix) in enumerate(panels):
        series = {key: [polls[n][f"{key}_{suffix}"] for n in sizes] for key, _, _ in SERIES}
        box = (
            index * half + MARGIN_LEFT,
            MARGIN_TOP,
            (index + 1) * half - MARGIN_RIGHT,
            HEIGHT - MARGIN_BOTTOM,
        )
        _panel(draw, box, title=title, sizes=sizes, series=series)
    image.save(path, optimize=True)
    return True
