"""Draw the integration's brand images (icon.png 256x256 and icon@2x.png 512x512).

Run with `.venv/bin/python scripts/make_brand_images.py`; the output is committed.
Drawn at 4x and downsampled, so the edges are smooth. The picture: a TV screen on a
stand with three waves of cool air across it, in white on Xiaomi orange.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

BRAND_DIR = Path(__file__).resolve().parent.parent / "custom_components" / "xiaomi_living" / "brand"
ORANGE_TOP = (255, 120, 20)
ORANGE_BOTTOM = (240, 80, 0)
WHITE = (255, 255, 255, 255)
SCALE = 4


def draw_icon(size: int) -> Image.Image:
    """Return the icon at `size` x `size` pixels."""
    big = size * SCALE
    unit = big / 512
    gradient = Image.new("RGBA", (big, big))
    pixels = gradient.load()
    if pixels is None:
        raise RuntimeError("Pillow gave no pixel access")
    for y in range(big):
        t = y / (big - 1)
        row = tuple(round(a + (b - a) * t) for a, b in zip(ORANGE_TOP, ORANGE_BOTTOM, strict=True))
        for x in range(big):
            pixels[x, y] = (*row, 255)
    mask = Image.new("L", (big, big), 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        (0, 0, big - 1, big - 1), radius=round(112 * unit), fill=255
    )
    icon = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    icon.paste(gradient, (0, 0), mask)

    draw = ImageDraw.Draw(icon)
    stroke = round(26 * unit)
    # The screen and its stand
    draw.rounded_rectangle(
        (96 * unit, 118 * unit, 416 * unit, 338 * unit),
        radius=round(30 * unit),
        outline=WHITE,
        width=stroke,
    )
    draw.line((256 * unit, 338 * unit, 256 * unit, 392 * unit), fill=WHITE, width=stroke)
    draw.rounded_rectangle(
        (176 * unit, 380 * unit, 336 * unit, 406 * unit), radius=round(13 * unit), fill=WHITE
    )
    # Three waves of air across the screen
    wave_width = round(18 * unit)
    for row in range(3):
        base_y = (178 + row * 52) * unit
        points = [
            (x * unit, base_y + math.sin((x - 140) / 176 * 2 * math.pi) * 14 * unit)
            for x in range(140, 373)
        ]
        # A chain of discs gives a round, even stroke where a wide polyline shows kinks
        r = wave_width / 2
        for cx, cy in points:
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=WHITE)
    return icon.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    """Write both icon sizes."""
    BRAND_DIR.mkdir(parents=True, exist_ok=True)
    draw_icon(256).save(BRAND_DIR / "icon.png", optimize=True)
    draw_icon(512).save(BRAND_DIR / "icon@2x.png", optimize=True)


if __name__ == "__main__":
    main()
