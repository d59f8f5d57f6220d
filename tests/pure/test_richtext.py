"""Hotspot rich text is reduced to a safe subset: hostile markup renders as harmless text."""

from __future__ import annotations

import pytest

from vtour.model.richtext import TourLink, links, looks_like_html, parse_link, plain_text, sanitize, to_html

HOSTILE = (
    '<p onclick="steal()" style="background:url(http://evil.example/x.png)">Hello '
    "<script>alert('xss')</script>"
    '<img src="http://evil.example/track.png" onerror="alert(1)">'
    '<a href="javascript:alert(1)">js</a> '
    '<a href="file:///etc/passwd">passwd</a> '
    '<a href="http://evil.example/">web</a> '
    '<a href="data:text/html,<b>x</b>">data</a> '
    '<a href="../secret.html">relative</a> '
    '<iframe src="http://evil.example/"></iframe>'
    "<style>body { display: none }</style>"
    '<svg onload="alert(1)"><circle/></svg>'
    '<object data="x.swf"></object>'
    '<a href="#scene:courtyard" onmouseover="x()">courtyard</a></p>'
)


def test_hostile_text_keeps_only_the_safe_subset():
    clean = sanitize(HOSTILE)
    lowered = clean.lower()
    for banned in ("script", "alert", "<img", "iframe", "style", "onclick", "onerror", "onmouseover",
                   "javascript:", "file:", "http:", "data:", "svg", "object", "../secret", "evil"):
        assert banned not in lowered, banned
    assert '<a href="#scene:courtyard">courtyard</a>' in clean
    assert clean.startswith("<p>Hello ")
    # link texts survive as plain words, without their targets
    assert "<a>js</a>" in clean and "<a>passwd</a>" in clean


@pytest.mark.parametrize("markup", ["<p>a</p>", "<b>a</b>", "<strong>a</strong>", "<em>a</em>", "<i>a</i>",
                                    "<ul><li>a</li></ul>", "<ol><li>a</li></ol>", "a<br>b"])
def test_allowed_tags_pass_unchanged(markup):
    assert sanitize(markup) == markup


@pytest.mark.parametrize("markup, expected", [
    ("<div>a</div>", "a"),
    ('<span class="x">a</span>', "a"),
    ("<h1>a</h1>", "a"),
    ('<p style="color:red" id="x" class="c">a</p>', "<p>a</p>"),
    ("<table><tr><td>a</td></tr></table>", "a"),
    ("<!-- secret -->a", "a"),
])
def test_other_tags_and_attributes_are_stripped(markup, expected):
    assert sanitize(markup) == expected


@pytest.mark.parametrize("href", ["#scene:hall", "#scene:大殿", "#hotspot:statue-2", "#scene:_a.b"])
def test_tour_links_are_kept(href):
    assert f'href="{href}"' in sanitize(f'<a href="{href}">x</a>')


@pytest.mark.parametrize("href", ["#scene:", "#scene:a b", "#other:x", "scene:x", "#scene:x?y",
                                  "JAVASCRIPT:alert(1)", " javascript:alert(1)", "vbscript:x", "//evil/x",
                                  "file:x", "#scene:x\njavascript:y", "http://a/#scene:x"])
def test_other_links_lose_their_target(href):
    assert "href" not in sanitize(f'<a href="{href}">x</a>')


def test_parse_link():
    assert parse_link("#scene:hall") == TourLink("scene", "hall")
    assert parse_link("#hotspot:s1") == TourLink("hotspot", "s1")
    assert parse_link("https://x") is None


def test_links_lists_the_kept_tour_links_in_order():
    assert links(HOSTILE + '<a href="#hotspot:b">b</a>') == [TourLink("scene", "courtyard"), TourLink("hotspot", "b")]


def test_plain_text_becomes_escaped_paragraphs():
    assert to_html("a < b & c\n\nsecond\nline") == "<p>a &lt; b &amp; c</p><p>second<br>line</p>"
    assert not looks_like_html("x < y > z")
    assert looks_like_html("<p>x</p>") and looks_like_html("a &amp; b")


def test_hostile_text_as_html_and_as_plain_words():
    assert "script" not in to_html(HOSTILE)
    words = plain_text(HOSTILE)
    assert words.startswith("Hello js passwd web data relative")
    assert "alert" not in words and "<" not in words


def test_plain_text_separates_blocks():
    assert plain_text("<p>One <em>two</em>.</p><ul><li>a</li><li>b</li></ul>") == "One two. a b"
    assert plain_text("维吾尔 ئۇيغۇر") == "维吾尔 ئۇيغۇر"


def test_sanitize_is_idempotent():
    once = sanitize(HOSTILE)
    assert sanitize(once) == once
