"""Hotspot rich text: reduce an author's (or a downloaded tour's) HTML to a small safe subset.

The subset is what a label for a mural needs and nothing that can reach outside the tour:
paragraphs, line breaks, emphasis, lists, and links *inside* the tour (``#scene:ID`` opens a scene,
``#hotspot:ID`` opens another hotspot of the current scene). Everything else goes: ``<script>`` and
``<style>`` with their content, images (remote or not: hotspot images are listed in ``images``),
iframes, event handlers, ``style`` attributes, and every link with a scheme (``http:``,
``javascript:``, ``file:``, ``data:``) or a relative file path.

Sanitising uses ``nh3``, the Python binding of the Rust ``ammonia`` crate: an allow-list
sanitiser built on html5ever (a browser-grade HTML parser, so malformed or nested tricks parse as
a browser would), actively maintained, with no Python dependencies. Pure Python: no Qt here.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import nh3

ALLOWED_TAGS = frozenset({"p", "br", "em", "i", "strong", "b", "ul", "ol", "li", "a"})
"""The tags kept; any other tag is removed and its text kept (``script``/``style`` lose their text too)."""

DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "object", "title"})

_ID = r"\w[\w.-]*"
_LINK = re.compile(rf"^#(scene|hotspot):({_ID})$")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--")


@dataclass(frozen=True)
class TourLink:
    """Where an internal link points: ``kind`` is ``"scene"`` or ``"hotspot"``, ``target`` an id."""

    kind: str
    target: str


def parse_link(href: str) -> TourLink | None:
    """The tour link of ``href`` (``#scene:ID`` or ``#hotspot:ID``), or None for anything else."""
    match = _LINK.match(href.strip())
    return TourLink(match.group(1), match.group(2)) if match else None


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return value if parse_link(value) else None
    return None


def sanitize(text: str) -> str:
    """``text`` reduced to the safe subset (see the module docstring); always valid HTML.

    >>> sanitize('<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:x">there</a></p>')
    '<p>Hi <a>there</a></p>'
    """
    return nh3.clean(
        text,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={"a": {"href"}},
        attribute_filter=_keep_attribute,
        link_rel=None,
        url_schemes=set(),
        strip_comments=True,
    )


def looks_like_html(text: str) -> bool:
    """Whether ``text`` contains markup (a tag or an entity), rather than plain prose."""
    return bool(_TAG.search(text)) or bool(re.search(r"&[#A-Za-z0-9]+;", text))


def to_html(text: str) -> str:
    """Display HTML for a hotspot text: sanitised markup, or plain text as escaped paragraphs.

    Plain text keeps its blank-line paragraphs and single line breaks.
    """
    if looks_like_html(text):
        return sanitize(text)
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
    return "".join(f"<p>{html.escape(part).replace(chr(10), '<br>')}</p>" for part in paragraphs)


def plain_text(text: str) -> str:
    """The words of a hotspot text without any markup (for screen readers and tooltips)."""
    cleaned = sanitize(text) if looks_like_html(text) else html.escape(text)
    spaced = re.sub(r"<(?:br|/?p|/?li|/?ul|/?ol)\b[^>]*>", " ", cleaned)
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", spaced)).split())


def links(text: str) -> list[TourLink]:
    """The tour links a (sanitised) text keeps, in order."""
    found = re.findall(r'href="([^"]*)"', sanitize(text))
    return [link for href in found if (link := parse_link(html.unescape(href)))]
