"""QR codes for the door: segno draws them in pure Python, as inline SVG or PNG."""

import io

import segno


def qr_svg(url: str, *, scale: int = 4) -> str:
    """An inline <svg> of the URL; black on white, so phones read it from a screen or paper."""
    return segno.make(url, error="m").svg_inline(scale=scale, dark="#000", light="#fff")


def qr_png(url: str, *, scale: int = 6) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
