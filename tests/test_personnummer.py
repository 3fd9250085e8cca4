"""X-PERSONNUMMER's detector: valid check digits only, never printed in full."""

from __future__ import annotations

from regraad.privacy import personnummer


def make_number(birth: str) -> str:
    """A number with valid check digits for the birth date (the first found, by the rule
    of today: the weighted sum with the first check digit leaves no remainder): tests
    plant real numbers, as a person would, never a copy of someone's."""
    weights = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
    for individual in range(100, 1000):
        candidate = f"{birth}{individual:03d}"
        for k1 in range(10):
            for k2 in range(10):
                number = f"{candidate}{k1}{k2}"
                today = sum(w * int(d) for w, d in zip(weights, number, strict=False)) % 11 == 0
                if today and personnummer.is_valid(number):
                    return number
    raise AssertionError("no valid number")


def test_valid_fodselsnummer_and_d_number_are_found() -> None:
    fnr = make_number("010190")
    dnr = make_number("410190")  # D-number: day + 40
    assert personnummer.is_valid(fnr) and personnummer.is_valid(dnr)
    text = f"note: ringt fra {fnr}\n# {dnr[:6]} {dnr[6:]}\n"
    found = list(personnummer.find(text))
    assert [(line, col) for line, col, _ in found] == [(1, 17), (2, 3)]
    assert all(fnr not in masked and "*" in masked for _, _, masked in found)


def test_numbers_with_wrong_check_digits_or_dates_are_ignored() -> None:
    fnr = make_number("010190")
    wrong = fnr[:-1] + str((int(fnr[-1]) + 1) % 10)
    assert not personnummer.is_valid(wrong)
    assert list(personnummer.find(f"ordre {wrong} og 123456789012 og 99999999999")) == []


def test_numbers_written_with_a_separator_are_found() -> None:
    fnr = make_number("150390")
    for sep in (" ", ".", "-", "\u00a0"):
        text = f"fnr {fnr[:6]}{sep}{fnr[6:]}"
        assert [(line, col) for line, col, _ in personnummer.find(text)] == [(1, 5)], sep


def test_redact_masks_every_valid_number_and_leaves_the_rest() -> None:
    fnr, dnr = make_number("010190"), make_number("410190")
    wrong = fnr[:-1] + str((int(fnr[-1]) + 1) % 10)
    text = f"a {fnr}, b {dnr[:6]} {dnr[6:]}, c {wrong}, d 1{fnr}, e 2026-03-12"
    redacted = personnummer.redact(text)
    assert redacted == (
        f"a {personnummer.mask(fnr)}, b {personnummer.mask(dnr)}, c {wrong}, d 1{fnr}, e 2026-03-12"
    )
    assert personnummer.redact(redacted) == redacted


def test_decimals_side_by_side_in_a_chart_are_no_number() -> None:
    """A chart's coordinates can make eleven digits with valid check digits (by the rule
    from 2032); mixing dots and spaces tells them from a number someone wrote."""
    assert personnummer.is_valid("51432242033")
    svg = '<svg viewBox="0 0 514.32 2420.33"><path d="M100.65 1771.33A6 6 0 0 0 100.65 1783.33Z"/>'
    assert personnummer.find_spans(svg) == []
    assert personnummer.redact(svg) == svg
    written = "51.43.22 42033 and 51 43 22 420 33"  # the date with dots, or one separator
    assert [number for _s, _e, number in personnummer.find_spans(written)] == ["51432242033"] * 2
