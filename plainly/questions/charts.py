"""Figures drawn from data for the demo site, so that it ships no binary files."""

from itertools import pairwise

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 600
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 90, 40, 80, 110
INK = (40, 44, 52)
GRID = (214, 210, 200)
PAPER = (251, 250, 247)


def wavelength_colour(nanometres: float) -> tuple[int, int, int]:
    """An approximate screen colour for visible light of the given wavelength."""
    stops = [
        (380, (120, 0, 160)),
        (440, (60, 40, 255)),
        (490, (0, 170, 255)),
        (510, (0, 200, 90)),
        (580, (240, 220, 0)),
        (645, (255, 60, 0)),
        (700, (200, 0, 0)),
    ]
    for (low, low_rgb), (high, high_rgb) in pairwise(stops):
        if low <= nanometres <= high:
            share = (nanometres - low) / (high - low)
            return tuple(round(a + (b - a) * share) for a, b in zip(low_rgb, high_rgb, strict=True))
    return stops[-1][1]


def scattering_chart() -> Image.Image:
    """Bars of Rayleigh scattering strength across the visible spectrum, relative to 700 nm."""
    wavelengths = list(range(400, 701, 25))
    strengths = [(700 / nm) ** 4 for nm in wavelengths]
    top = 10.0
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=26)
    small = ImageFont.load_default(size=22)
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    baseline = MARGIN_TOP + plot_height

    for step in range(0, 11, 2):
        y = baseline - plot_height * step / top
        draw.line([(MARGIN_LEFT, y), (WIDTH - MARGIN_RIGHT, y)], fill=GRID, width=2)
        draw.text((MARGIN_LEFT - 16, y), str(step), font=small, fill=INK, anchor="rm")

    slot = plot_width / len(wavelengths)
    for index, (nm, strength) in enumerate(zip(wavelengths, strengths, strict=True)):
        left = MARGIN_LEFT + index * slot + slot * 0.15
        right = left + slot * 0.7
        draw.rectangle(
            [(left, baseline - plot_height * strength / top), (right, baseline)],
            fill=wavelength_colour(nm),
        )
        draw.text(((left + right) / 2, baseline + 14), str(nm), font=small, fill=INK, anchor="mt")

    draw.line([(MARGIN_LEFT, baseline), (WIDTH - MARGIN_RIGHT, baseline)], fill=INK, width=3)
    draw.text(
        (MARGIN_LEFT, MARGIN_TOP - 26),
        "Scattering by air, relative to red light at 700 nm",
        font=font,
        fill=INK,
        anchor="ls",
    )
    draw.text(
        (MARGIN_LEFT + plot_width / 2, HEIGHT - 30),
        "Wavelength of light (nanometres)",
        font=font,
        fill=INK,
        anchor="ms",
    )
    return image
