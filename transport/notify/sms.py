"""How long a text is: GSM-7 or UCS-2 characters, and how many SMS segments they take.

A text in the GSM 03.38 alphabet takes 160 characters in one segment, 153 in each of several
(the rest is the concatenation header); the extension characters (^{}[]~|\\€ and form feed)
take two. Any other character (an emoji, a curly quote) makes the whole text UCS-2: 70
characters in one segment, 67 in each of several, counted in UTF-16 code units.
"""

from __future__ import annotations

import math

GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = set("^{}\\[~]|€\f")


def is_gsm(text: str) -> bool:
    return all(c in GSM_BASIC or c in GSM_EXTENDED for c in text)


def units(text: str) -> int:
    """Length in the encoding the text will be sent in (septets for GSM-7, UTF-16 units for UCS-2)."""
    if is_gsm(text):
        return sum(2 if c in GSM_EXTENDED else 1 for c in text)
    return len(text.encode("utf-16-le")) // 2


def segments(text: str) -> int:
    n = units(text)
    single, each = (160, 153) if is_gsm(text) else (70, 67)
    return 1 if n <= single else math.ceil(n / each)


MOST_SEGMENTS = 2
"""No text the service sends takes more than this (each segment is paid for, and a long text is not read)."""


def fit(text: str, tail: str = "", most: int = MOST_SEGMENTS) -> str:
    """`text + tail` within `most` segments: if it is too long, `text` is cut at a word and ends "..."."""
    if segments(text + tail) <= most:
        return text + tail
    cut = text[: 160 * most]
    while cut:
        shorter = cut.rsplit(" ", 1)[0] if " " in cut[-20:] else cut[:-1]  # a word, unless it is a long one
        cut = shorter.rstrip(" ,.;:!?")
        if segments(cut + "..." + tail) <= most:
            return cut + "..." + tail
    return fit(tail, "", most) if tail else ""


def first_fitting(*texts: str, most: int = MOST_SEGMENTS) -> str:
    """The first of these that fits `most` segments (the last is cut to fit): the fullest text that goes whole."""
    for text in texts:
        if segments(text) <= most:
            return text
    return fit(texts[-1], most=most)
