"""The site's point of view, for tests: render Markdown as a trusting site would, list what runs.

markdown-it-py with raw HTML on and every link target kept, read back with the standard
library's HTML parser: an element or attribute outside Markdown's own, or a link that is not
http(s), is a violation. Independent of ``publisher.sanitize`` on purpose, so the tests judge
the result rather than the sanitizer's own idea of it.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

ALLOWED = {
    "p": set(),
    "h1": set(),
    "h2": set(),
    "h3": set(),
    "h4": set(),
    "h5": set(),
    "h6": set(),
    "blockquote": set(),
    "ul": set(),
    "ol": {"start"},
    "li": set(),
    "pre": set(),
    "code": {"class"},
    "em": set(),
    "strong": set(),
    "a": {"href", "title"},
    "hr": set(),
    "br": set(),
}


class PermissiveRenderer(MarkdownIt):
    """A site renderer at its most trusting: raw HTML on and every link target kept."""

    def __init__(self) -> None:
        super().__init__("commonmark", {"html": True})

    def validateLink(self, url: str) -> bool:
        return True


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))

    def handle_comment(self, data: str) -> None:
        self.found.append(("!--", []))

    def handle_pi(self, data: str) -> None:
        self.found.append(("?", []))

    def unknown_decl(self, data: str) -> None:
        self.found.append(("!", []))


def violations(markdown: str) -> list[str]:
    """Elements, attributes and URLs outside the allow-list once the Markdown is rendered."""
    parser = _Elements()
    parser.feed(PermissiveRenderer().render(markdown))
    parser.close()
    problems = []
    for tag, attrs in parser.found:
        if tag not in ALLOWED:
            problems.append(f"element <{tag}>")
            continue
        for name, value in attrs:
            if name not in ALLOWED[tag]:
                problems.append(f"attribute {name} on <{tag}>")
            elif name == "href" and urlsplit(value or "").scheme.lower() not in ("http", "https"):
                problems.append(f"href {value!r}")
    return problems
