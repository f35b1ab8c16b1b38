"""What reaches the site: no HTML element, image or non-http(s) link survives, code is untouched.

The property tests render the sanitizer's output the way a permissive site would (markdown-it-py
with raw HTML on, every link target allowed) and read the HTML back with the standard library's
parser, so they judge the result and not the sanitizer's own idea of it.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from publisher.errors import NoteError
from publisher.sanitize import plain_text, safe_url, sanitize_markdown
from site_check import PermissiveRenderer, violations


def test_the_checker_itself_sees_what_a_renderer_would_run() -> None:
    hostile = "<img src=x onerror=alert(1)> [x](javascript:alert(1)) ![p](https://t/p.gif)"
    assert len(violations(hostile)) == 3


PAYLOADS = [
    "<<img src=y>img src=x onerror=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    "[x](javascript:alert((1)))",
    "[a\\]b](javascript:alert(1))",
    "[[inner]](JaVaScRiPt:alert(1))",
    "[x]( JaVa&#x09;Script:alert(1) )",
    '![img](data:text/html;base64,PHNjcmlwdD4= "t")',
    "[y](data:text/html,<script>alert(1)</script>)",
    "<javascript:alert(1)>",
    "[ref]: vbscript:msgbox\n\n[ref]",
    "&lt;img src=x onerror=alert(1)&gt;",
    "&amp;lt;b&amp;gt;",
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<svg/onload=alert(1)>",
    "<a href='javascript:x'>y</a>",
    "<!-- c --><!--> <?php x ?> <![CDATA[x]]> <!DOCTYPE x>",
    "<<<b>b>b>i",
    "<svg/onload=alert(1)>",
    "&#60;script&#62;",
    "<div>\n*md*\n</div>",
    "![](https://tracker.example/p.gif)",
    "[![badge](https://b/x.svg)](https://ok.example)",
    "<https://ok.example/a?b&c>",
    "[ok](https://example.com/a_(b))",
    "`<b>code</b>`",
    "```\n<script>fenced</script>\n```",
    "> <b>quote</b>",
    "- item <i>x</i>\n- [y](javascript:z)",
    "1. one\n2. two",
]
FRAGMENTS = st.sampled_from(PAYLOADS) | st.text(
    alphabet="<>[]()!&;#`*_\\\"' :/=\n\tajvsciptgmoxerlhfd0123456789", max_size=8
)
HOSTILE = st.lists(FRAGMENTS, max_size=12).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE)
def test_no_element_attribute_or_url_outside_the_allow_list_survives(text: str) -> None:
    assert violations(sanitize_markdown(text).text) == []


@settings(max_examples=200, deadline=None)
@given(HOSTILE)
def test_sanitizing_twice_changes_nothing_more(text: str) -> None:
    once = sanitize_markdown(text).text
    assert sanitize_markdown(once).text == once


def _code(markdown: str) -> list[str]:
    tokens = MarkdownIt("commonmark", {"html": True}).parse(markdown)
    found = []
    for token in tokens:
        if token.type in ("fence", "code_block"):
            found.append(token.content)
        found += [child.content for child in token.children or [] if child.type == "code_inline"]
    return found


CODE = st.text(alphabet="<>/=\"' abcimgsrcx()[]&;!\n", min_size=1, max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PAYLOADS[:17]), CODE), min_size=1, max_size=4))
def test_code_spans_and_fences_keep_their_content_byte_for_byte(
    parts: list[tuple[str, str]],
) -> None:
    pieces = []
    for prose, code in parts:
        pieces.append(f"{prose}\n\n~~~~\n{code}\n~~~~\n\nSee ``{code.replace(chr(10), ' ')}``.")
    text = "\n\n".join(pieces)
    assert _code(sanitize_markdown(text).text) == _code(text)


@settings(max_examples=300, deadline=None)
@given(HOSTILE)
def test_plain_text_fields_carry_no_markup_at_all(text: str) -> None:
    flat = plain_text(text)
    assert "\n" not in flat
    assert violations(flat) == []


def test_the_nested_tag_that_used_to_be_rebuilt_stays_text() -> None:
    cleaned = sanitize_markdown("<<img src=y>img src=x onerror=alert(1)>")
    assert cleaned.removed_html
    assert "<img" not in PermissiveRenderer().render(cleaned.text)


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("[x](javascript:alert((1)))", "x"),
        ("[a\\]b](javascript:alert(1))", "a\\]b"),
        ("[x]( JaVa&#x09;Script:alert(1) )", "x"),
        ("<javascript:alert(1)> rest", "javascript:alert(1) rest"),
        ("[see][r] now\n\n[r]: vbscript:msgbox", "see now"),
        ("[mail](mailto:a@b.c) and [here](#top)", "mail and here"),
    ],
)
def test_links_keep_their_words_and_lose_a_target_that_is_not_http(
    markdown: str, expected: str
) -> None:
    cleaned = sanitize_markdown(markdown)
    assert cleaned.text == expected
    assert cleaned.removed_links >= 1


def test_images_are_removed_because_the_cover_is_the_only_image() -> None:
    cleaned = sanitize_markdown("Fast now ![](https://tracker.example/p.gif) and ![d](x.png).")
    assert cleaned.text == "Fast now and ."
    assert cleaned.removed_images == 2


def test_raw_html_goes_but_text_comparisons_and_entities_stay_as_they_were() -> None:
    cleaned = sanitize_markdown(
        "Before <b>bold</b> after, and a < b && c > d.\n\n"
        "<script>alert(1)</script><iframe src=x></iframe>\n\n"
        "> a quote <!-- hidden -->stays"
    )
    assert cleaned.text == "Before bold after, and a < b && c > d.\n\n> a quote stays"
    assert cleaned.removed_html


def test_clean_markdown_and_its_code_come_back_unchanged() -> None:
    text = (
        "Use `List<String>` here, see [docs](https://example.com/a_(b)?q=1&r=2) "
        "and <https://example.com/x?a&b>.\n\n"
        '```html\n<div onclick="x()">shown as code</div>\n```\n\n'
        "~~~\n<script>also code</script>\n~~~\n\n"
        "AT&T: a < b &amp;&amp; c > d.\n\n1. one\n2. two"
    )
    cleaned = sanitize_markdown(text)
    assert cleaned == type(cleaned)(text, False, 0, 0)


@pytest.mark.parametrize(
    "markdown",
    [
        "Say &lt;img src=x onerror=alert(1)&gt; here.",
        "Say <svg/onload=alert(1)> here.",
        "Say &#60;script&#62;alert(1)&#60;/script&#62; here.",
    ],
)
def test_what_a_browser_would_take_for_a_tag_goes_even_when_commonmark_calls_it_text(
    markdown: str,
) -> None:
    cleaned = sanitize_markdown(markdown)
    assert cleaned.removed_html
    assert "<" not in cleaned.text.replace("\\<", "")
    assert "Say" in cleaned.text and "here." in cleaned.text


def test_plain_text_keeps_words_and_drops_markup_even_behind_entities() -> None:
    assert plain_text("Why *async* [breaks](javascript:x) <b>it</b>") == "Why async breaks it"
    assert plain_text("AT&T &lt;b&gt;bold&lt;/b&gt;\n  again") == "AT&T bold again"
    assert plain_text("a < b") == "a < b"
    assert plain_text("Up <svg/onload=alert(1)> down") == "Up down"


def test_only_absolute_http_urls_are_safe() -> None:
    assert safe_url("https://example.com/javascript:")
    assert safe_url("HTTP://example.com")
    assert not safe_url("java\tscript:alert(1)")
    assert not safe_url("//example.com/x")
    assert not safe_url("data:text/html,x")
    assert not safe_url(None)


def test_text_that_will_not_settle_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import publisher.sanitize as sanitize

    monkeypatch.setattr(sanitize, "_one_pass", lambda markdown, removed: markdown)
    with pytest.raises(NoteError, match="could not be made safe"):
        sanitize.sanitize_markdown("<b>x</b>")
