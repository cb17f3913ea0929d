"""Generated demo images set their text in a font with Swedish letters: "Öppningsworkshop"
must not come out as "▯ppningsworkshop"."""

import io

import font_lato
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops, ImageDraw

from demo.images import generated_logo, initials, lato, placeholder_jpeg


def rendered(text: str) -> Image.Image:
    image = Image.new("L", (200, 100), 0)
    ImageDraw.Draw(image).text((10, 10), text, fill=255, font=lato(56))
    return image


def differs(first: Image.Image, second: Image.Image) -> bool:
    return ImageChops.difference(first, second).getbbox() is not None


def test_the_font_has_every_swedish_letter():
    for path in (font_lato.Lato, font_lato.LatoBold):
        characters = TTFont(path)["cmap"].getBestCmap()
        assert all(ord(letter) in characters for letter in "ÅÄÖåäöéÉæ")


def test_swedish_letters_are_drawn_not_replaced_by_the_missing_glyph_box():
    missing = rendered("\ue000")  # a private-use code point: no font draws it
    for letter, plain in [("Ö", "O"), ("ö", "o"), ("Å", "A"), ("ä", "a")]:
        assert differs(rendered(letter), missing)
        assert differs(rendered(letter), rendered(plain))


def test_placeholder_photo_and_logo_are_images_of_the_right_kind():
    photo = Image.open(
        io.BytesIO(
            placeholder_jpeg("Öppningsworkshop, ASSAR, Skövde", (11, 93, 59), "a.jpg").read()
        )
    )
    assert (photo.format, photo.size) == ("JPEG", (1200, 800))
    logo = Image.open(io.BytesIO(generated_logo("Växjö Linnæus Science Park", "v.png").read()))
    assert (logo.format, logo.size) == ("PNG", (256, 256))


def test_logo_initials_leave_out_generic_words():
    assert initials("Växjö Linnæus Science Park") == "VL"
    assert initials("Science Park Skövde") == "S"
    assert initials("Krinova Incubator & Science Park") == "K"
