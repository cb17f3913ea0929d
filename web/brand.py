"""The portal's brand: its name in each language, logo, favicon and accent colour.

A deployment sets them in the environment (settings.BRAND, README "Configuration"); without
them the portal is "Klusterportalen" / "Cluster Portal" in its own green. The name reaches page
titles, the header, shared links' site name and the sender and subject of every email.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core import checks
from django.utils import translation
from django.utils.translation import gettext

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# WCAG 2 level AA for normal text: the accent is the colour of links on white and the
# background of white text (header, buttons).
MIN_CONTRAST = 4.5


def portal_name() -> str:
    """The portal's name in the active language."""
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return settings.BRAND["NAMES"].get(language) or gettext("Cluster Portal")


def administration_title() -> str:
    """The admin site's title in the active language."""
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    if settings.BRAND["NAMES"].get(language):
        return gettext("%(portal)s – administration") % {"portal": portal_name()}
    return gettext("Cluster Portal administration")


def relative_luminance(colour: str) -> float:
    channels = []
    for start in (1, 3, 5):
        value = int(colour[start : start + 2], 16) / 255
        channels.append(value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def brand_stylesheet(accent: str) -> str:
    return f":root {{ --accent: {accent.lower()}; --accent-ink: #ffffff; }}\n"


@checks.register()
def check_brand(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A brand colour that white text cannot be read on stops the portal at start-up."""
    accent = settings.BRAND["ACCENT"]
    if not accent:
        return []
    if not HEX_COLOUR.fullmatch(accent):
        return [
            checks.Error(
                f"BRAND_ACCENT is {accent!r}; write it as #rrggbb, e.g. #0b5d3b.",
                id="web.E001",
            )
        ]
    ratio = contrast_ratio(accent, "#ffffff")
    if ratio < MIN_CONTRAST:
        return [
            checks.Error(
                f"BRAND_ACCENT {accent} has a contrast of {ratio:.1f}:1 with white; links and "
                f"white text on it need at least {MIN_CONTRAST}:1. Choose a darker colour.",
                id="web.E002",
            )
        ]
    return []
