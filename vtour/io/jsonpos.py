"""A strict JSON parser that remembers where every key and value starts.

Python's :mod:`json` gives no positions, and the well-kept position-aware parsers either need a C
toolchain (``json-source-map`` ports) or build their own node trees that the rest of vtour would
have to unwrap. This module is small, has no dependencies and is strict where tours need it:

- positions: the 1-based line and column (in characters, a tab counts as one) of every value and
  every object key, addressed by its path (a tuple of keys and indices);
- duplicate keys are kept (the later one wins, as in :mod:`json`) and reported;
- ``NaN``, ``Infinity``, numbers that overflow a float and integers longer than
  :data:`MAX_INTEGER_DIGITS` are syntax errors;
- lone UTF-16 surrogates in ``\\u`` escapes are syntax errors (they cannot be printed or stored);
- nesting is limited to ``max_depth`` and parsed without recursion, so no input can raise
  ``RecursionError``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

JsonPath = tuple[str | int, ...]
"""Where a value sits in a document: object keys and array indices from the root."""

MAX_DEPTH = 64
"""Default nesting limit; a tour document nests about six levels deep."""

MAX_INTEGER_DIGITS = 100
"""Longer integer literals are refused (Python would build them, slowly, and nothing needs them)."""

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_STRING_RUN = re.compile(r'[^"\\\x00-\x1f]*')
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_LITERALS = {"true": True, "false": False, "null": None}


class JSONSyntaxError(ValueError):
    """The text is not valid JSON (or breaks one of this parser's limits) at ``line``:``column``."""

    def __init__(self, message: str, line: int, column: int, path: JsonPath = ()):
        super().__init__(f"{line}:{column}: {message}")
        self.message = message
        self.line = line
        self.column = column
        self.path = path  # the value being parsed when the error was found


@dataclass(frozen=True)
class Duplicate:
    """A key that appears twice in one object: ``path`` ends with the key."""

    path: JsonPath
    offset: int
    first_offset: int


@dataclass
class Document:
    """A parsed JSON value with the text offsets of its values and keys.

    Use :meth:`value_position` and :meth:`key_position` to turn a path into ``(line, column)``.
    """

    value: Any
    text: str
    value_offsets: dict[JsonPath, int] = field(default_factory=dict)
    key_offsets: dict[JsonPath, int] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)
    _line_starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._line_starts = line_starts(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        return offset_to_line_column(self._line_starts, offset)

    def value_position(self, path: JsonPath) -> tuple[int, int] | None:
        """Where the value at ``path`` starts, or None if the document has no such value."""
        offset = self.value_offsets.get(tuple(path))
        return None if offset is None else self.position(offset)

    def key_position(self, path: JsonPath) -> tuple[int, int] | None:
        """Where the key ending ``path`` starts (its opening quote), or None."""
        offset = self.key_offsets.get(tuple(path))
        return None if offset is None else self.position(offset)


def line_starts(text: str) -> list[int]:
    """Offsets at which each line starts (CRLF, CR and LF all end a line)."""
    return [0, *(match.end() for match in _LINE_BREAK.finditer(text))]


def offset_to_line_column(starts: list[int], offset: int) -> tuple[int, int]:
    """1-based (line, column) of ``offset`` given the :func:`line_starts` of the text."""
    index = bisect.bisect_right(starts, offset) - 1
    return index + 1, offset - starts[index] + 1


def parse(text: str, max_depth: int = MAX_DEPTH) -> Document:
    """Parse ``text`` as one JSON value.

    Parameters
    ----------
    text
        The document, already decoded (a leading BOM must be removed by the caller).
    max_depth
        Deepest allowed nesting of objects and arrays.

    Returns
    -------
    Document
        The value (dicts, lists, str, int, float, bool, None) with positions and duplicate keys.

    Raises
    ------
    JSONSyntaxError
        At the first syntax error, with its line and column.
    """
    return _Parser(text, max_depth).parse_document()


class _Frame:
    """An object or array being filled: the parser's explicit stack entry."""

    __slots__ = ("container", "path", "key", "index")

    def __init__(self, container: dict | list, path: JsonPath):
        self.container = container
        self.path = path
        self.key: str | None = None  # the member being parsed, for objects
        self.index = 0  # the element being parsed, for arrays

    def child_path(self) -> JsonPath:
        return (*self.path, self.key if isinstance(self.container, dict) else self.index)

    def store(self, value: Any) -> None:
        if isinstance(self.container, dict):
            self.container[self.key] = value
        else:
            self.container.append(value)


class _Parser:
    def __init__(self, text: str, max_depth: int):
        self.text = text
        self.max_depth = max_depth
        self.document = Document(value=None, text=text)
        self.stack: list[_Frame] = []

    # -- errors ---------------------------------------------------------------------------------

    def fail(self, message: str, offset: int, between: bool = False) -> JSONSyntaxError:
        """An error at ``offset``; ``between`` means between members, so the path is the container's."""
        line, column = self.document.position(offset)
        return JSONSyntaxError(message, line, column, self.current_path(between))

    def current_path(self, between: bool) -> JsonPath:
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if between or (isinstance(frame.container, dict) and frame.key is None):
            return frame.path
        return frame.child_path()

    def describe(self, offset: int) -> str:
        """The text at ``offset`` as an error message shows it."""
        if offset >= len(self.text):
            return "end of file"
        word = _WORD.match(self.text, offset)
        if word:
            return repr(word.group()[:20])
        return repr(self.text[offset])

    # -- driver ---------------------------------------------------------------------------------

    def parse_document(self) -> Document:
        offset = self.skip(0)
        if offset == len(self.text):
            raise self.fail("empty document: expected a JSON value", offset)
        path: JsonPath = ()
        while True:
            offset, path, done = self.parse_value(offset, path)
            while done:
                offset, path, done = self.after_value(offset)
                if path is None:
                    return self.document

    def skip(self, offset: int) -> int:
        return _WHITESPACE.match(self.text, offset).end()

    def store(self, value: Any) -> None:
        if self.stack:
            self.stack[-1].store(value)
        else:
            self.document.value = value

    def parse_value(self, offset: int, path: JsonPath) -> tuple[int, JsonPath, bool]:
        """Parse the value starting at ``offset``.

        Returns the next offset, the path of the next value to parse, and whether the value is
        complete (False when a non-empty container was opened and its first child comes next).
        """
        self.document.value_offsets[path] = offset
        char = self.text[offset] if offset < len(self.text) else ""
        if char in ("{", "["):  # not `in "{["`: the empty string (end of text) is in every string
            return self.open_container(offset, path)
        value, offset = self.parse_scalar(offset)
        self.store(value)
        return offset, path, True

    def open_container(self, offset: int, path: JsonPath) -> tuple[int, JsonPath, bool]:
        if len(self.stack) >= self.max_depth:
            raise self.fail(f"nesting deeper than {self.max_depth} levels", offset)
        is_object = self.text[offset] == "{"
        container: dict | list = {} if is_object else []
        self.store(container)
        frame = _Frame(container, path)
        self.stack.append(frame)
        offset = self.skip(offset + 1)
        closer = "}" if is_object else "]"
        if self.text.startswith(closer, offset):
            self.stack.pop()
            return offset + 1, path, True
        if is_object:
            offset = self.parse_key(offset, frame)
        return offset, frame.child_path(), False

    def after_value(self, offset: int) -> tuple[int, JsonPath | None, bool]:
        """After a complete value: a comma (next child), a closer, or the end of the document."""
        offset = self.skip(offset)
        if not self.stack:
            if offset != len(self.text):
                raise self.fail(f"unexpected {self.describe(offset)} after the JSON value", offset)
            return offset, None, False
        frame = self.stack[-1]
        is_object = isinstance(frame.container, dict)
        closer = "}" if is_object else "]"
        if self.text.startswith(closer, offset):
            self.stack.pop()
            return offset + 1, (), True
        if not self.text.startswith(",", offset):
            raise self.fail(f"expected ',' or '{closer}', found {self.describe(offset)}", offset, between=True)
        comma = offset
        offset = self.skip(offset + 1)
        if self.text.startswith(closer, offset):
            raise self.fail(f"trailing comma before '{closer}'", comma, between=True)
        if is_object:
            offset = self.parse_key(offset, frame)
        else:
            frame.index += 1
        return offset, frame.child_path(), False

    # -- members and scalars -----------------------------------------------------------------------

    def parse_key(self, offset: int, frame: _Frame) -> int:
        """Parse ``"key":`` and return the offset of the member's value."""
        if not self.text.startswith('"', offset):
            hint = " (keys need double quotes)" if offset < len(self.text) else ""
            raise self.fail(f"expected a key string, found {self.describe(offset)}{hint}", offset)
        key, after = self.parse_string(offset)
        path = (*frame.path, key)
        container = frame.container
        if key in container:
            first = self.document.key_offsets[path]
            self.document.duplicates.append(Duplicate(path, offset, first))
        self.document.key_offsets[path] = offset
        frame.key = key
        after = self.skip(after)
        if not self.text.startswith(":", after):
            raise self.fail(f"expected ':' after the key, found {self.describe(after)}", after)
        return self.skip(after + 1)

    def parse_scalar(self, offset: int) -> tuple[Any, int]:
        char = self.text[offset] if offset < len(self.text) else ""
        if char == '"':
            return self.parse_string(offset)
        if char == "-" or char.isdigit():
            return self.parse_number(offset)
        word = _WORD.match(self.text, offset)
        if word and word.group() in _LITERALS:
            return _LITERALS[word.group()], word.end()
        raise self.fail(self.unexpected_message(offset), offset)

    def unexpected_message(self, offset: int) -> str:
        text = self.text
        if text.startswith(("NaN", "Infinity"), offset):
            return "NaN and Infinity are not valid JSON numbers"
        if text.startswith("'", offset):
            return "strings need double quotes, not single quotes"
        if text.startswith(("//", "/*"), offset):
            return "comments are not allowed in JSON"
        return f"expected a value, found {self.describe(offset)}"

    def parse_number(self, offset: int) -> tuple[int | float, int]:
        if self.text.startswith("-Infinity", offset):
            raise self.fail("NaN and Infinity are not valid JSON numbers", offset)
        match = _NUMBER.match(self.text, offset)
        if not match:
            raise self.fail(f"invalid number: expected a digit, found {self.describe(offset + 1)}", offset)
        literal = match.group()
        if match.group(1) is None and match.group(2) is None:
            if len(literal.lstrip("-")) > MAX_INTEGER_DIGITS:
                raise self.fail(f"number too large (more than {MAX_INTEGER_DIGITS} digits)", offset)
            return int(literal), match.end()
        value = float(literal)
        if value in (float("inf"), float("-inf")):
            raise self.fail("number too large for a double-precision float", offset)
        return value, match.end()

    def parse_string(self, offset: int) -> tuple[str, int]:
        """Parse the string whose opening quote is at ``offset``; return it and the offset after it."""
        text = self.text
        pieces = []
        position = offset + 1
        while True:
            run = _STRING_RUN.match(text, position)
            pieces.append(run.group())
            position = run.end()
            if position >= len(text):
                raise self.fail("unterminated string", offset)
            char = text[position]
            if char == '"':
                return "".join(pieces), position + 1
            if char != "\\":
                raise self.fail(f"control character U+{ord(char):04X} in a string (escape it)", position)
            piece, position = self.parse_escape(position)
            pieces.append(piece)

    def parse_escape(self, offset: int) -> tuple[str, int]:
        """Decode the escape whose backslash is at ``offset``."""
        kind = self.text[offset + 1 : offset + 2]
        if kind in _ESCAPES:
            return _ESCAPES[kind], offset + 2
        if kind != "u":
            raise self.fail(f"invalid escape '\\{kind}'", offset)
        code = self.hex4(offset)
        if 0xDC00 <= code <= 0xDFFF:
            raise self.fail("lone low surrogate in a \\u escape", offset)
        if 0xD800 <= code <= 0xDBFF:
            if not self.text.startswith("\\u", offset + 6):
                raise self.fail("lone high surrogate in a \\u escape", offset)
            low = self.hex4(offset + 6)
            if not 0xDC00 <= low <= 0xDFFF:
                raise self.fail("lone high surrogate in a \\u escape", offset)
            return chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)), offset + 12
        return chr(code), offset + 6

    def hex4(self, offset: int) -> int:
        digits = self.text[offset + 2 : offset + 6]
        if len(digits) != 4 or any(c not in "0123456789abcdefABCDEF" for c in digits):
            raise self.fail("invalid \\u escape: expected four hex digits", offset)
        return int(digits, 16)
