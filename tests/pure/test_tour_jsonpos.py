"""The position-tracking JSON parser: values and positions, duplicates, every syntax error."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vtour.io.jsonpos import JSONSyntaxError, parse


def test_values_match_the_standard_library():
    text = '{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\ud83d\\ude00\\n"], "b": {}, "c": []}'
    assert parse(text).value == json.loads(text)


def test_positions_of_values_and_keys_are_one_based():
    doc = parse('{\n  "scenes": {\n    "hall": [10, {"yaw": 5}]\n  }\n}')
    assert doc.value_position(()) == (1, 1)
    assert doc.key_position(("scenes",)) == (2, 3)
    assert doc.value_position(("scenes",)) == (2, 13)
    assert doc.key_position(("scenes", "hall")) == (3, 5)
    assert doc.value_position(("scenes", "hall", 0)) == (3, 14)
    assert doc.value_position(("scenes", "hall", 1, "yaw")) == (3, 26)
    assert doc.value_position(("nothing",)) is None


def test_columns_count_characters_and_crlf_ends_one_line():
    doc = parse('{"名称": "x",\r\n\t"b": 1}')
    assert doc.value_position(("名称",)) == (1, 8)
    assert doc.key_position(("b",)) == (2, 2)


def test_duplicate_keys_are_reported_and_the_last_wins():
    doc = parse('{"a": 1,\n "a": 2}')
    assert doc.value == {"a": 2}
    (duplicate,) = doc.duplicates
    assert duplicate.path == ("a",)
    assert doc.position(duplicate.offset) == (2, 2)
    assert doc.position(duplicate.first_offset) == (1, 2)


@pytest.mark.parametrize(
    "text, line, column, message",
    [
        ("", 1, 1, "empty document"),
        ("   \n", 2, 1, "empty document"),
        ('{"a": NaN}', 1, 7, "NaN and Infinity"),
        ("[Infinity]", 1, 2, "NaN and Infinity"),
        ("[-Infinity]", 1, 2, "NaN and Infinity"),
        ("[1e400]", 1, 2, "too large"),
        ("[" + "9" * 101 + "]", 1, 2, "more than 100 digits"),
        ('{"a": 1,}', 1, 8, "trailing comma"),
        ("[1,\n]", 1, 3, "trailing comma"),
        ('{"a" 1}', 1, 6, "expected ':'"),
        ("{'a': 1}", 1, 2, "double quotes"),
        ("['a']", 1, 2, "double quotes"),
        ("// note\n{}", 1, 1, "comments"),
        ('"abc', 1, 1, "unterminated string"),
        ('["a\nb"]', 1, 4, "control character U+000A"),
        ('["\\x"]', 1, 3, "invalid escape"),
        ('["\\u12"]', 1, 3, "four hex digits"),
        ('["\\ud800"]', 1, 3, "lone high surrogate"),
        ('["\\udc00"]', 1, 3, "lone low surrogate"),
        ("{} {}", 1, 4, "after the JSON value"),
        ("[01]", 1, 3, "expected ',' or ']'"),
        ("[1 2]", 1, 4, "expected ',' or ']'"),
        ("[-]", 1, 2, "invalid number"),
        ("[tru]", 1, 2, "expected a value"),
        ("{", 1, 2, "expected a key string"),
        ('{"a":', 1, 6, "expected a value, found end of file"),
        ("[", 1, 2, "expected a value, found end of file"),
    ],
)
def test_syntax_errors_name_line_and_column(text, line, column, message):
    with pytest.raises(JSONSyntaxError) as caught:
        parse(text)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert message in caught.value.message


def test_syntax_error_knows_the_path_being_parsed():
    with pytest.raises(JSONSyntaxError) as caught:
        parse('{"scenes": {"hall": {"yaw": NaN}}}')
    assert caught.value.path == ("scenes", "hall", "yaw")


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_deep_nesting_is_an_error_not_a_recursion_error(opener):
    with pytest.raises(JSONSyntaxError, match="nesting deeper than 64"):
        parse(opener * 100_000)


def test_nesting_up_to_the_limit_parses():
    assert parse("[" * 64 + "]" * 64).value is not None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5),
    max_leaves=20,
)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(json_values, st.booleans())
def test_round_trips_what_json_dumps_writes(value, ascii_only):
    text = json.dumps(value, ensure_ascii=ascii_only, indent=1 if ascii_only else None)
    assert parse(text).value == json.loads(text)
