"""Read a JavaScript data file (``var APP_DATA = {...};``) as data, never as code.

The Marzipano Tool exports its tour as ``data.js``: a JavaScript assignment of an object literal.
Evaluating it would run whatever the file holds, so this module parses the small part of
JavaScript that data literals use and refuses everything else (calls, operators, variables):

- ``var``/``let``/``const NAME = value``, ``NAME.path = value`` or a bare value, each optionally
  ended by ``;``; several statements may follow each other;
- objects with unquoted (identifier or number) or quoted keys, arrays, trailing commas;
- strings in single, double or back quotes (no ``${}``), with JavaScript's escapes
  (``\\xHH``, ``\\uHHHH``, ``\\u{H...}``, line continuations);
- numbers in decimal, hexadecimal, octal and binary, with a leading ``+`` or ``-``;
- ``true``, ``false``, ``null``; ``undefined`` (a member with it is dropped, as
  ``JSON.stringify`` does; in an array it becomes ``null``);
- ``//`` and ``/* */`` comments.

The result is a :class:`vtour.io.jsonpos.Document`, so converters report JSON paths with line and
column exactly as for JSON input.
"""

from __future__ import annotations

import re
from typing import Any

from vtour.io.jsonpos import Document, JsonPath

MAX_DEPTH = 64
"""Deepest nesting accepted (data files nest a handful of levels)."""

_IDENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_NUMBER = re.compile(
    r"0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+"
    r"|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
)
_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0\u2028\u2029\ufeff]+")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v"}
_UNDEFINED = object()


class JSLiteralError(ValueError):
    """The text is not a data literal (or breaks a limit) at ``line``:``column``."""

    def __init__(self, message: str, line: int, column: int):
        super().__init__(f"{line}:{column}: {message}")
        self.message = message
        self.line = line
        self.column = column


def parse_data_file(text: str, names: tuple[str, ...] = ("APP_DATA", "data")) -> tuple[str | None, Document]:
    """Parse a JavaScript data file and return the assigned name and the value as a Document.

    Parameters
    ----------
    text
        The file's text (a leading byte-order mark is skipped).
    names
        Preferred variable names, in order: the first one assigned wins. Without any of them the
        only value in the file is taken (a file with several other assignments is an error).

    Raises
    ------
    JSLiteralError
        At the first thing that is not part of a data literal.
    """
    statements = _Reader(text).statements()
    for wanted in names:
        for name, document in statements:
            if name == wanted:
                return name, document
    if len(statements) == 1:
        return statements[0]
    found = ", ".join(str(name) for name, _ in statements) or "none"
    raise JSLiteralError(f"expected one assignment of {' or '.join(names)}; found {found}", 1, 1)


def parse_value(text: str) -> Any:
    """Parse one JavaScript value literal (for tests and small inputs); raises JSLiteralError."""
    return _Reader(text).single_value().value


class _Reader:
    def __init__(self, text: str):
        self.text = text[1:] if text.startswith("\ufeff") else text
        self.offset = 0
        self.document: Document | None = None

    # -- errors and positions ---------------------------------------------------------------------

    def fail(self, message: str, offset: int | None = None) -> JSLiteralError:
        offset = self.offset if offset is None else offset
        line = self.text.count("\n", 0, offset) + 1
        column = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return JSLiteralError(message, line, column)

    def describe(self) -> str:
        if self.offset >= len(self.text):
            return "end of file"
        word = _IDENT.match(self.text, self.offset)
        return repr(word.group()[:20]) if word else repr(self.text[self.offset])

    # -- whitespace and comments ----------------------------------------------------------------

    def skip(self) -> None:
        text = self.text
        while True:
            match = _SPACE.match(text, self.offset)
            if match:
                self.offset = match.end()
            if text.startswith("//", self.offset):
                end = text.find("\n", self.offset)
                self.offset = len(text) if end < 0 else end + 1
            elif text.startswith("/*", self.offset):
                end = text.find("*/", self.offset + 2)
                if end < 0:
                    raise self.fail("unterminated /* comment")
                self.offset = end + 2
            else:
                return

    def peek(self, token: str) -> bool:
        self.skip()
        return self.text.startswith(token, self.offset)

    def expect(self, token: str, what: str) -> None:
        if not self.peek(token):
            raise self.fail(f"expected {what}, found {self.describe()}")
        self.offset += len(token)

    # -- statements -----------------------------------------------------------------------------

    def statements(self) -> list[tuple[str | None, Document]]:
        found = []
        self.skip()
        while self.offset < len(self.text):
            found.append(self.statement())
            while self.peek(";"):
                self.offset += 1
            self.skip()
        if not found:
            raise self.fail("empty file: expected `var NAME = {...}`")
        return found

    def statement(self) -> tuple[str | None, Document]:
        start = self.offset
        word = _IDENT.match(self.text, self.offset)
        if word is None:
            return None, self.value_document()
        name = word.group()
        if name in ("true", "false", "null"):
            return None, self.value_document()
        self.offset = word.end()
        if name in ("var", "let", "const"):
            self.skip()
            word = _IDENT.match(self.text, self.offset)
            if word is None:
                raise self.fail(f"expected a variable name after {name!r}, found {self.describe()}")
            name = word.group()
            self.offset = word.end()
        else:
            name = self.dotted(name)
        if not self.peek("="):
            raise self.fail(f"not a data file: expected `=` after {name!r}, found {self.describe()} "
                            "(only `var NAME = value;` statements are read, nothing is run)", start)
        self.offset += 1
        self.skip()
        return name, self.value_document()

    def dotted(self, name: str) -> str:
        while self.peek("."):
            self.offset += 1
            self.skip()
            word = _IDENT.match(self.text, self.offset)
            if word is None:
                raise self.fail(f"expected a property name after '.', found {self.describe()}")
            name += "." + word.group()
            self.offset = word.end()
        return name

    def single_value(self) -> Document:
        self.skip()
        document = self.value_document()
        self.skip()
        if self.offset != len(self.text):
            raise self.fail(f"unexpected {self.describe()} after the value")
        return document

    def value_document(self) -> Document:
        self.document = Document(value=None, text=self.text)
        value = self.value((), 0)
        self.document.value = None if value is _UNDEFINED else value
        return self.document

    # -- values ---------------------------------------------------------------------------------

    def value(self, path: JsonPath, depth: int) -> Any:
        self.skip()
        self.document.value_offsets[path] = self.offset
        char = self.text[self.offset : self.offset + 1]
        if char == "{":
            return self.object(path, depth + 1)
        if char == "[":
            return self.array(path, depth + 1)
        if char in ("'", '"', "`"):
            return self.string()
        if char in ("+", "-") or char.isdigit() or (char == "." and self.text[self.offset + 1: self.offset + 2].isdigit()):
            return self.number()
        return self.word()

    def container_depth(self, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise self.fail(f"nesting deeper than {MAX_DEPTH} levels")

    def object(self, path: JsonPath, depth: int) -> dict:
        self.container_depth(depth)
        self.offset += 1
        result: dict[str, Any] = {}
        while not self.peek("}"):
            key_offset = self.offset
            key = self.key()
            self.expect(":", f"':' after the key {key!r}")
            member = (*path, key)
            self.document.key_offsets[member] = key_offset
            value = self.value(member, depth)
            if value is _UNDEFINED:
                result.pop(key, None)
            else:
                result[key] = value
            if not self.peek(","):
                break
            self.offset += 1
        self.expect("}", "',' or '}'")
        return result

    def key(self) -> str:
        char = self.text[self.offset : self.offset + 1]
        if char in ("'", '"'):
            return self.string()
        if char.isdigit() or char == ".":
            number = self.number()
            return _number_key(number)
        word = _IDENT.match(self.text, self.offset)
        if word is None:
            raise self.fail(f"expected a key, found {self.describe()}")
        self.offset = word.end()
        return word.group()

    def array(self, path: JsonPath, depth: int) -> list:
        self.container_depth(depth)
        self.offset += 1
        result: list[Any] = []
        while not self.peek("]"):
            if self.peek(","):
                raise self.fail("empty array element (a hole between commas)")
            value = self.value((*path, len(result)), depth)
            result.append(None if value is _UNDEFINED else value)
            if not self.peek(","):
                break
            self.offset += 1
        self.expect("]", "',' or ']'")
        return result

    def word(self) -> Any:
        word = _IDENT.match(self.text, self.offset)
        literals = {"true": True, "false": False, "null": None, "undefined": _UNDEFINED}
        if word is None or word.group() not in literals:
            what = "NaN and Infinity cannot be stored" if word and word.group() in ("NaN", "Infinity") else None
            raise self.fail(what or f"expected a value, found {self.describe()} (only literals are read)")
        self.offset = word.end()
        after = self.offset
        self.skip()
        if self.text.startswith(("(", "."), self.offset):
            raise self.fail("not a data literal: calls and property accesses are not read", after)
        self.offset = after
        return literals[word.group()]

    def number(self) -> int | float:
        start = self.offset
        sign = 1
        while self.text[self.offset : self.offset + 1] in ("+", "-"):
            sign = -sign if self.text[self.offset] == "-" else sign
            self.offset += 1
            self.skip()
        if self.text.startswith(("Infinity", "NaN"), self.offset):
            raise self.fail("NaN and Infinity cannot be stored", start)
        match = _NUMBER.match(self.text, self.offset)
        if match is None:
            raise self.fail(f"expected a number, found {self.describe()}")
        literal = match.group()
        self.offset = match.end()
        if _IDENT.match(self.text, self.offset):
            raise self.fail(f"invalid number {literal + self.describe().strip(chr(39))!r}", start)
        value = _number_value(literal)
        if isinstance(value, float) and value in (float("inf"), float("-inf")):
            raise self.fail("number too large for a double-precision float", start)
        return sign * value

    def string(self) -> str:
        text = self.text
        start = self.offset
        quote = text[start]
        pieces = []
        position = start + 1
        while True:
            end = _string_run_end(text, position, quote)
            pieces.append(text[position:end])
            position = end
            if position >= len(text):
                raise self.fail("unterminated string", start)
            char = text[position]
            if char == quote:
                self.offset = position + 1
                return _checked("".join(pieces), self, start)
            if char == "\\":
                piece, position = self.escape(position)
                pieces.append(piece)
            elif quote == "`" and char == "$":
                raise self.fail("template literals with ${...} are not read", position)
            else:
                raise self.fail("unterminated string (a line break inside quotes)", start)

    def escape(self, offset: int) -> tuple[str, int]:
        text = self.text
        kind = text[offset + 1 : offset + 2]
        if kind == "":
            raise self.fail("unterminated string", offset)
        if kind in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[kind], offset + 2
        if kind == "\r":
            return "", offset + (3 if text.startswith("\r\n", offset + 1) else 2)
        if kind in ("\n", "\u2028", "\u2029"):
            return "", offset + 2
        if kind == "0" and not text[offset + 2 : offset + 3].isdigit():
            return "\0", offset + 2
        if kind.isdigit():
            raise self.fail("octal escapes are not read", offset)
        if kind == "x":
            return chr(self.hex_digits(offset + 2, 2)), offset + 4
        if kind == "u":
            return self.unicode_escape(offset)
        return kind, offset + 2

    def unicode_escape(self, offset: int) -> tuple[str, int]:
        if self.text.startswith("{", offset + 2):
            end = self.text.find("}", offset + 3)
            digits = self.text[offset + 3 : end] if end > 0 else ""
            if not digits or len(digits) > 6 or any(c not in "0123456789abcdefABCDEF" for c in digits):
                raise self.fail("invalid \\u{...} escape", offset)
            code = int(digits, 16)
            if code > 0x10FFFF:
                raise self.fail("\\u{...} escape beyond U+10FFFF", offset)
            return chr(code), end + 1
        return chr(self.hex_digits(offset + 2, 4)), offset + 6

    def hex_digits(self, offset: int, count: int) -> int:
        digits = self.text[offset : offset + count]
        if len(digits) != count or any(c not in "0123456789abcdefABCDEF" for c in digits):
            raise self.fail(f"invalid escape: expected {count} hex digits", offset - 2)
        return int(digits, 16)


def _string_run_end(text: str, position: int, quote: str) -> int:
    """The offset of the next quote, backslash, line break (or ``$``) from ``position``."""
    stops = (quote, "\\", "\n", "\r") if quote != "`" else (quote, "\\", "$")
    end = len(text)
    for stop in stops:
        found = text.find(stop, position, end)
        if found >= 0:
            end = found
    return end


def _checked(value: str, reader: _Reader, start: int) -> str:
    """Join UTF-16 surrogate pairs written as two escapes; refuse lone surrogates (not storable)."""
    if not any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        return value
    joined = value.encode("utf-16", "surrogatepass").decode("utf-16", "surrogatepass")
    if any(0xD800 <= ord(c) <= 0xDFFF for c in joined):
        raise reader.fail("lone UTF-16 surrogate in a string", start)
    return joined


def _number_value(literal: str) -> int | float:
    prefix = literal[:2].lower()
    if prefix in ("0x", "0o", "0b"):
        return int(literal[2:], {"0x": 16, "0o": 8, "0b": 2}[prefix])
    if any(c in literal for c in ".eE"):
        return float(literal)
    return int(literal)


def _number_key(number: int | float) -> str:
    """A numeric key as JavaScript names it (``1`` -> ``"1"``, ``1.50`` -> ``"1.5"``)."""
    if isinstance(number, float) and number.is_integer() and abs(number) < 1e21:
        return str(int(number))
    return repr(number) if isinstance(number, float) else str(number)
