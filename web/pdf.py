"""What every PDF the portal draws with fpdf2 shares: the brand colours, text that the PDF core
fonts can show, and an A4 page with the portal's header band and a line-writing helper."""

from __future__ import annotations

import unicodedata

from fpdf import FPDF

ACCENT = (11, 93, 59)  # the portal's green (static/css/site.css --accent)
INK = (29, 39, 51)
MUTED = (74, 88, 104)


# Punctuation outside Latin-1 that has a plain equivalent.
PUNCTUATION = {"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "€": "EUR"}


def latin1(text: str) -> str:
    """PDF core fonts cover Latin-1 (å, ä, ö, é, ü …); dashes and quotes become their plain
    forms, other letters lose their accent, and anything else becomes '?', rather than failing
    the download."""
    out = []
    for char in str(text):
        char = PUNCTUATION.get(char, char)
        try:
            char.encode("latin-1")
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode()
            char = base or "?"
        out.append(char)
    return "".join(out)


class BrandedPDF(FPDF):
    """An A4 portrait page with the portal's green band at the top."""

    def __init__(self, *, title: str, author: str):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.set_title(latin1(title))
        self.set_author(latin1(author))
        self.set_auto_page_break(auto=True, margin=20)
        self.add_page()
        self.set_margins(25, 25, 25)
        self.set_fill_color(*ACCENT)
        self.rect(0, 0, 210, 14, style="F")
        self.set_y(25)

    def line(self, text, *, size=12, style="", color=INK, gap=2, align="C"):
        self.set_font("Helvetica", style=style, size=size)
        self.set_text_color(*color)
        self.multi_cell(0, size * 0.5, latin1(text), align=align, new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)

    def pair(self, label, value, *, size=10, label_width=70):
        """A label and its value on one row (the value may wrap)."""
        self.set_font("Helvetica", style="B", size=size)
        self.set_text_color(*MUTED)
        self.cell(label_width, size * 0.55, latin1(label))
        self.set_font("Helvetica", size=size)
        self.set_text_color(*INK)
        self.multi_cell(0, size * 0.55, latin1(value), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)
