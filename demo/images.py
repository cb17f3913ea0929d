"""Images the demo data draws instead of shipping or downloading any: placeholder photos and the
seed organisations' logos.

Text is set in Lato from the font-lato package. Pillow's built-in font has no Å, Ä or Ö (it
drew "▯ppningsworkshop, ASSAR, Sk▯vde"), and system fonts differ from machine to machine.
"""

from __future__ import annotations

import hashlib
import io
from functools import cache

import font_lato
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

WHITE = (255, 255, 255)
# Backgrounds for generated logos: each has at least 4.5:1 contrast with white text.
LOGO_COLOURS = [
    (11, 93, 59),
    (29, 39, 51),
    (40, 80, 140),
    (128, 40, 90),
    (120, 70, 10),
    (0, 96, 110),
    (85, 60, 140),
]
LOGO_SIZE = 256
# Words that say what an organisation is, not which one: left out of its initials.
GENERIC_WORDS = {"science", "park", "incubator", "&", "och", "and", "the", "ab", "i", "of"}


@cache
def lato(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_lato.LatoBold if bold else font_lato.Lato, size)


def placeholder_jpeg(caption: str, colour: tuple[int, int, int], name: str) -> ContentFile:
    """A coloured 1200×800 JPEG with its caption drawn on it; demo photos are never real."""
    image = Image.new("RGB", (1200, 800), colour)
    draw = ImageDraw.Draw(image)
    font = lato(56)
    # A long caption gets a smaller size rather than running off the picture.
    while draw.textlength(caption, font=font) > 1040 and font.size > 24:
        font = lato(font.size - 4)
    draw.rectangle([(60, 320), (1140, 480)], outline=WHITE, width=4)
    draw.text((600, 400), caption, fill=WHITE, font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name=name)


def initials(name: str) -> str:
    """Up to three initials of the name's distinctive words ("Växjö Linnæus Science Park": "VL")."""
    words = [word for word in name.replace("-", " ").split() if word.lower() not in GENERIC_WORDS]
    letters = "".join(word[0] for word in words if word[0].isalnum())
    return (letters or name[:1]).upper()[:3]


def logo_colour(name: str) -> tuple[int, int, int]:
    """The same colour for the same name on every run and machine (no random state)."""
    digest = hashlib.sha256(name.encode()).digest()
    return LOGO_COLOURS[digest[0] % len(LOGO_COLOURS)]


def wrapped(text: str, font, width: int) -> list[str]:
    """The words of `text` in lines no wider than `width` pixels (a long word keeps its line)."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def generated_logo(name: str, filename: str) -> ContentFile:
    """A square PNG logo: the name's initials large, the full name small beneath them."""
    image = Image.new("RGBA", (LOGO_SIZE, LOGO_SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle(
        [(0, 0), (LOGO_SIZE - 1, LOGO_SIZE - 1)], radius=40, fill=logo_colour(name)
    )
    letters = initials(name)
    centre = LOGO_SIZE // 2
    draw.text((centre, 96), letters, fill=WHITE, font=lato(96, bold=True), anchor="mm")
    font = lato(26)
    lines = wrapped(name, font, LOGO_SIZE - 32)[:3]
    for number, line in enumerate(lines):
        draw.text((centre, 176 + number * 30), line, fill=WHITE, font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return ContentFile(buffer.getvalue(), name=filename)
