"""YAML 1.2 semantics and the refusal of what the data model has no use for."""

from __future__ import annotations

import math

from regraad.load.yamlparse import MAX_DEPTH, parse_bytes, parse_clean, parse_text


def codes(text: str | bytes) -> list[tuple[str, int, int]]:
    parsed = parse_bytes(text.encode() if isinstance(text, str) else text)
    return [(p.code, p.line, p.col) for p in parsed.problems]


def test_norway_problem_and_other_yaml_11_traps_stay_strings() -> None:
    data = parse_text(
        "region: NO\nx: no\non: yes\ny: y\nt: 1:30\nd: 2026-03-01\nbad: 2026-13-45\n"
    ).data
    assert data == {
        "region": "NO",
        "x": "no",
        "on": "yes",
        "y": "y",
        "t": "1:30",
        "d": "2026-03-01",
        "bad": "2026-13-45",
    }


def test_numbers_follow_the_core_schema() -> None:
    data = parse_text("a: 010\nb: 0o10\nc: 0x1F\nd: 1.5\ne: -3\nf: true\ng: ~\nh: '12'\n").data
    assert data == {"a": 10, "b": 8, "c": 31, "d": 1.5, "e": -3, "f": True, "g": None, "h": "12"}


def test_numbers_no_range_can_check_are_not_numbers_that_pass() -> None:
    huge = "1" + "0" * 400
    too_long = "7" * 5000  # beyond what Python converts to an int
    text = f"a: {huge}\nb: -{too_long}\nc: {too_long}\nd: .nan\ne: .NaN\n"
    for data in (parse_text(text).data, parse_clean(text.encode())):
        assert data == {"a": 10**400, "b": -math.inf, "c": math.inf, "d": ".nan", "e": ".NaN"}


def test_positions_are_recorded_for_values_and_keys() -> None:
    parsed = parse_text("a:\n  b: [x, y]\n")
    assert parsed.positions[("a", "b", 1)] == (2, 10)
    assert parsed.key_positions[("a", "b")] == (2, 3)


def test_each_bad_input_is_a_problem_at_its_place() -> None:
    assert codes("a: 1\na: 2\n") == [("YAML-DUPLICATE-KEY", 2, 1)]
    assert codes("a:\n\tb: 1\n") == [("YAML-TAB", 2, 1)]
    assert codes("a: 1\n---\nb: 2\n") == [("YAML-MULTIDOC", 2, 1)]
    assert codes("a: &x 1\nb: *x\n") == [("YAML-ALIAS", 1, 4), ("YAML-ALIAS", 2, 4)]
    assert codes("a: !include other.yaml\n") == [("YAML-TAG", 1, 4)]
    assert codes(b"a: 1\nb: \xff\n") == [("YAML-ENCODING", 2, 4)]
    assert codes("") == [("YAML-EMPTY", 1, 1)]
    assert codes("# only a comment\n") == [("YAML-EMPTY", 1, 1)]
    assert codes("a: [1, 2\nb: 3\n")[0][0] == "YAML-SYNTAX"
    assert codes("a: 1\nb: [1, 2\n\n") == [("YAML-SYNTAX", 2, 4)]  # at its '[', not the end
    assert codes("a: 1\n# x\u2028b: 2\n") == [("YAML-LINEBREAK", 2, 4)]
    assert codes("a: 1\n<<<<<<< HEAD\nb: 2\n=======\nb: 3\n>>>>>>> topic\n") == [
        ("YAML-CONFLICT", 2, 1)
    ]


def test_bom_and_crlf_are_fine() -> None:
    parsed = parse_bytes(b"\xef\xbb\xbfa: 1\r\nb: x\r\n")
    assert parsed.problems == [] and parsed.data == {"a": 1, "b": "x"}


def test_many_line_breaking_characters_are_counted_after_the_first_few() -> None:
    parsed = parse_text("a: 1\n" + "# x\u2028\n" * 8)
    assert [(p.code, p.line, p.col) for p in parsed.problems] == [
        *(("YAML-LINEBREAK", line, 4) for line in range(2, 7)),
        ("YAML-LINEBREAK", 7, 4),
    ]
    assert "3 more" in parsed.problems[-1].message


def test_deep_nesting_is_a_problem_where_it_passes_the_limit() -> None:
    parsed = parse_text("a: " + "[" * 10_000 + "]" * 10_000 + "\n")
    # the mapping is level 1, so the 50th bracket (column 53) opens level 51
    assert [(p.code, p.line, p.col) for p in parsed.problems] == [("YAML-DEPTH", 1, 53)]
    assert parse_clean(("a: " + "[" * 10_000 + "]" * 10_000).encode()) is None


def test_nesting_up_to_the_limit_is_read_by_both_parsers() -> None:
    deepest = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert parse_text(deepest).problems == []
    assert parse_clean(deepest.encode()) == parse_text(deepest).data
    one_more = "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"
    assert codes(one_more) == [("YAML-DEPTH", 1, 3 + MAX_DEPTH)]


def test_alias_bomb_is_refused_without_expanding() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    parsed = parse_text("\n".join(lines) + "\n")
    # 12 anchors and 99 aliases: the first few one by one, then one finding for the rest
    found = [(p.code, p.line, p.col) for p in parsed.problems]
    assert found == [("YAML-ALIAS", 1, 5), ("YAML-ALIAS", 2, 5)] + [
        ("YAML-ALIAS", 2, col) for col in (10, 15, 20, 25)
    ]
    assert "106 more" in parsed.problems[-1].message


def test_control_characters_are_a_problem_at_their_column() -> None:
    # columns count characters: the two-byte æ and ø before it count once each
    assert codes("a: 1\nb: æø\x00\n") == [("YAML-SYNTAX", 2, 6)]
    assert codes("a: \x1b[31mred\n") == [("YAML-SYNTAX", 1, 4)]
    parsed = parse_text("a: \x07\n")
    assert parsed.data is None and "U+0007" in parsed.problems[0].message
    assert parse_text('a: "\\0 and \\x07 as escapes are text"\n').problems == []


def test_complex_keys_are_refused() -> None:
    assert codes("? [a, b]\n: 1\nc: 2\n") == [("YAML-SYNTAX", 1, 3)]


def test_oversized_file_is_refused_before_parsing() -> None:
    assert codes(b"a: " + b"x" * (5 * 1024 * 1024 + 1)) == [("FILE-SIZE", 1, 1)]
