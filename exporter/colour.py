"""Colours as WCAG sees them: contrast, readable text on a fill, readable colour on white.

The theme's status colours are chosen for their meaning, not their contrast; the
writers use these functions so that words stay readable on and in those colours.
Colours are six hex digits, "2E7D32".
"""

from __future__ import annotations

__all__ = ["luminance", "contrast_ratio", "text_on", "readable_on_white"]

WHITE, BLACK = "FFFFFF", "000000"


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance."""
    channels = []
    for i in (0, 2, 4):
        c = int(hex_colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str = WHITE) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_on(fill: str) -> str:
    """Black or white, whichever contrasts more with the fill."""
    return WHITE if contrast_ratio(fill, WHITE) >= contrast_ratio(fill, BLACK) else BLACK


def readable_on_white(hex_colour: str, ratio: float = 4.5) -> str:
    """The colour, darkened in steps until it reaches `ratio` on white (WCAG AA for text)."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    colour = hex_colour.upper()
    while contrast_ratio(colour) < ratio:
        r, g, b = int(r * 0.9), int(g * 0.9), int(b * 0.9)
        colour = f"{r:02X}{g:02X}{b:02X}"
    return colour
