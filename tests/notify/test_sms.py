"""SMS length: GSM-7 and UCS-2 counted as the networks count them."""

import pytest

from transport.notify.sms import is_gsm, segments, units


@pytest.mark.parametrize(
    "text,gsm,length,parts",
    [
        ("a" * 160, True, 160, 1),
        ("a" * 161, True, 161, 2),
        ("a" * 306, True, 306, 2),
        ("a" * 307, True, 307, 3),
        ("€" * 80, True, 160, 1),  # an extension character counts twice
        ("€" * 81, True, 162, 2),
        ("No pickup for Sam on Tue 3 Mar, morning. £2", True, 43, 1),
        ("b" * 70 + "’", False, 71, 2),  # one curly quote makes it UCS-2
        ("c" * 69 + "’", False, 70, 1),
        ("😀" * 35, False, 70, 1),  # an emoji is two UTF-16 units
        ("😀" * 36, False, 72, 2),
    ],
)
def test_length_and_segments(text, gsm, length, parts):
    assert is_gsm(text) is gsm
    assert units(text) == length
    assert segments(text) == parts


def test_fit_cuts_at_a_word_and_keeps_the_tail():
    from transport.notify.sms import fit

    assert fit("short", " tail") == "short tail"
    long = "word " * 100
    cut = fit(long, " Call us.")
    assert segments(cut) == 2 and cut.endswith("word... Call us.")
    assert segments(fit("€" * 400)) <= 2 and segments(fit("ë" * 400)) <= 2
