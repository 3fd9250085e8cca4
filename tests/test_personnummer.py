"""X-PERSONNUMMER's detector: valid check digits only, never printed in full."""

from __future__ import annotations

from regraad.privacy import personnummer


def make_number(birth: str) -> str:
    """A number with valid check digits for the birth date (the first found): tests plant
    real numbers, as a person would, never a copy of someone's."""
    for individual in range(100, 1000):
        candidate = f"{birth}{individual:03d}"
        for k1 in range(10):
            for k2 in range(10):
                number = f"{candidate}{k1}{k2}"
                if personnummer.is_valid(number):
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
