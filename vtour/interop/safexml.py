"""Read an XML file (krpano's ``tour.xml``) safely, keeping each element's line and column.

Built directly on :mod:`xml.parsers.expat`, the parser behind :mod:`xml.etree.ElementTree`, with
what ``defusedxml`` adds, done here without the extra dependency: a document type declaration
(``<!DOCTYPE``), and with it every entity declaration, is refused, so no entity can expand
("billion laughs") and no external file or URL is ever fetched; external entity references are
refused too. Nesting is limited. krpano files never need a DTD.

Element and attribute names are kept as written and also looked up case-insensitively, since
krpano treats them so (``<Hotspot ATH="...">`` works in krpano).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

MAX_DEPTH = 256


class XmlError(ValueError):
    """Not well-formed, or refused for safety, at ``line``:``column``."""

    def __init__(self, message: str, line: int, column: int):
        super().__init__(f"{line}:{column}: {message}")
        self.message = message
        self.line = line
        self.column = column


@dataclass
class Element:
    """An element: ``tag`` (lower case), attributes (lower-case names), children, position."""

    tag: str
    attrib: dict[str, str]
    line: int
    column: int
    children: list[Element] = field(default_factory=list)
    text: str = ""
    raw_tag: str = ""

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrib.get(name.lower(), default)

    def iter(self, tag: str) -> Iterator[Element]:
        """Children (not deeper) with ``tag``."""
        tag = tag.lower()
        return (child for child in self.children if child.tag == tag)

    def find(self, tag: str) -> Element | None:
        """The last child with ``tag``: in krpano a later declaration overrides an earlier one."""
        found = None
        for child in self.iter(tag):
            found = child
        return found


def parse_xml(data: bytes) -> Element:
    """Parse ``data`` and return the root element.

    Raises
    ------
    XmlError
        For malformed XML, a DOCTYPE or entity declaration, an external entity, or deep nesting.
    """
    parser = expat.ParserCreate()
    stack: list[Element] = []
    root: list[Element] = []

    def refuse(what: str):
        def handler(*_args):
            raise XmlError(f"{what} refused (XML with a DTD or entities is not read, for safety)",
                           parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        return handler

    def start(name, attrs):
        if len(stack) >= MAX_DEPTH:
            raise XmlError(f"nesting deeper than {MAX_DEPTH} levels", parser.CurrentLineNumber,
                           parser.CurrentColumnNumber + 1)
        element = Element(name.lower(), {key.lower(): value for key, value in attrs.items()},
                          parser.CurrentLineNumber, parser.CurrentColumnNumber + 1, raw_tag=name)
        (stack[-1].children if stack else root).append(element)
        stack.append(element)

    def end(_name):
        stack.pop()

    def characters(data):
        if stack:
            stack[-1].text += data

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.StartDoctypeDeclHandler = refuse("a DOCTYPE declaration")
    parser.EntityDeclHandler = refuse("an entity declaration")
    parser.UnparsedEntityDeclHandler = refuse("an entity declaration")
    parser.ExternalEntityRefHandler = refuse("an external entity")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise XmlError(expat.errors.messages[exc.code], exc.lineno, exc.offset + 1) from None
    if not root:
        raise XmlError("no root element", 1, 1)
    return root[0]
