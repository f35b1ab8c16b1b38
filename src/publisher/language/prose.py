"""Set aside everything in a Markdown text that is not natural-language prose.

Code, commands, URLs, paths, identifiers, markup and quotations do not tell which language the
author wrote in: a Russian post is full of English code and an English post may quote a Russian
UI string. What is left is split into sentences, because the grammar that decides the language
lives inside a sentence.
"""

from __future__ import annotations

import re

from publisher.markdown import (
    fenced_line_numbers,
    fences,
    lines,
    split_front_matter,
    strip_code_spans,
)

INDENTED = re.compile(r"^(?: {4}|\t)")
LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+")
BLOCKQUOTE = re.compile(r"^[ \t]{0,3}>.*$", re.M)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
HTML_ENTITY = re.compile(r"&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
LINK_DEF = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:\s*\S+.*$", re.M)
URL = re.compile(r"\b(?:[a-z][a-z0-9+.-]*://|www\.)\S+", re.I)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
PATH = re.compile(
    r"(?:(?<=\s)|^)(?:~|\.{1,2})?(?:/[\w.@%+-]+)+/?|\b[A-Z]:\\\S+|\b[\w.-]+(?:/[\w.-]+)+"
)
FLAG = re.compile(r"(?:(?<=\s)|^)--?[A-Za-z][\w-]*(?:=\S*)?")
HASHTAG = re.compile(r"(?:(?<=\s)|^)#[^\s#]+")
# Dotted, snake_case, camelCase names, words with digits: identifiers, versions, units.
IDENTIFIER = re.compile(
    r"\b\w+(?:[._:]\w+)+\b|\b\w*\d\w*\b|\b[A-Za-z]*[a-z][A-Z][A-Za-z]*\b"
    r"|\b[A-Z]{2,}[a-z]*s?\b|@\w+"
)
# Quotations: "words as objects" and quoted UI strings, in the quote marks people use.
QUOTES = (
    re.compile(r"«[^«»]*»"),
    re.compile(r"„[^„“”]*[“”]"),
    re.compile(r"“[^“”]*”"),
    re.compile(r'(?:(?<=[\s(\[:—-])|^)"[^"\n]+"'),
)
# Product-like names among the identifiers (``GitHub``, ``OpenTelemetry``, ``k8s``, ``ESP32``)
# leave a mark, so that "GitHub Actions" is known to be a name with one English-looking word.
NAME_LIKE = re.compile(r"\b[A-Za-z]*[a-z][A-Z][A-Za-z]*\b|\b(?=[A-Za-z]*\d)(?=\d*[A-Za-z])\w+\b")
NAME_MARK = "\u2063"
UPPER = re.compile(r"[A-ZА-ЯЁ]")
LOWER = re.compile(r"[a-zа-яё]")
SENTENCE_END = re.compile(r"[.!?;:…]+(?=\s|$)|\n|\s[—–]\s|\|")


# Unfenced code, logs and stack traces pasted as plain lines: stack frames, log levels (lowercase
# compiler/git style too), npm and Maven prefixes, Postgres' DETAIL:/HINT:, timestamps, Docker
# build steps, and column-aligned CLI output (three gaps of two or more spaces).
CODE_LINE = re.compile(
    r"^\s*(?:at [\w$.<>]+\(|File \"|Traceback \(|Caused by:|\$ |[\w.]*(?:Error|Exception)\b[:(]"
    r"|\[?\d{4}-\d\d-\d\d[ T]|(?:INFO|DEBUG|WARN|WARNING|ERROR|FATAL|TRACE)\b|[EWIDV]/\w"
    r"|(?:error|warning|fatal|hint|panic|note)(?:\[\w+\])?:|Warning:|[A-Z]{4,}:\s"
    r"|\w+ (?:ERR!|WARN\b)|\[(?:ERROR|WARN|WARNING|INFO|DEBUG|FATAL|TRACE)\]|\[\s*\d+(?:\.\d+)?\]"
    r"|Step \d+/\d+|-+>|(?:.*?[^\s.!?:;,]\s{2,}(?=\S)){3}"
    r"|[\w.]+\(.*\)\s*;?\s*$|.*[;{}]\s*$)"
)
LOG = "\1"
CYRILLIC = re.compile(r"[\u0400-\u04ff]")  # a kept line that looks like a log line


def strip_code(text: str) -> str:
    """Drop front matter, fenced and indented code blocks and unfenced log lines, keeping line
    structure elsewhere. A paragraph made mostly of log lines is a pasted log: its other Latin
    lines ("Process 4822 waits for ShareLock") go with it, while the lead-in before the log and
    Cyrillic remarks stay."""
    _, body = split_front_matter(text)
    fenced = fenced_line_numbers(fences(body))
    kept: list[str] = []
    prev_blank = True
    in_list = False
    for number, line in enumerate(lines(body)):
        if number in fenced:
            continue
        blank = not line.strip()
        if CODE_LINE.match(line):
            kept.append(LOG)
            continue
        if LIST_ITEM.match(line):
            in_list = True
        elif blank:
            pass
        elif INDENTED.match(line) and not in_list and (prev_blank or kept_is_code(kept)):
            kept.append("\0")
            prev_blank = False
            continue
        elif not INDENTED.match(line):
            in_list = False
        kept.append(line)
        prev_blank = blank
    return "\n".join(without_logs(kept))


def without_logs(lines: list[str]) -> list[str]:
    paragraph: list[str] = []
    kept: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            paragraph.append(line)
            continue
        is_log = LOG in paragraph and 2 * paragraph.count(LOG) >= len(paragraph)
        start = paragraph.index(LOG) if is_log else len(paragraph)
        kept += paragraph[:start]
        kept += (line for line in paragraph[start:] if CYRILLIC.search(line))
        kept.append(line)
        paragraph = []
    return [line for line in kept[:-1] if line not in (LOG, "\0")]


def kept_is_code(kept: list[str]) -> bool:
    return bool(kept) and kept[-1] in ("\0", LOG)


def strip_markup(text: str) -> str:
    """Remove inline non-prose: code spans, links' targets, URLs, paths, flags, identifiers."""
    text = HTML_COMMENT.sub(" ", text)
    text = strip_code_spans(text)
    text = IMAGE.sub(" ", text)
    text = LINK.sub(r"\1", text)
    text = LINK_DEF.sub(" ", text)
    text = HTML_TAG.sub(" ", text)
    text = HTML_ENTITY.sub(" ", text)
    text = URL.sub(" ", text)
    text = EMAIL.sub(" ", text)
    text = PATH.sub(" ", text)
    text = FLAG.sub(" ", text)
    text = HASHTAG.sub(" ", text)
    text = NAME_LIKE.sub(f" {NAME_MARK} ", text)
    return IDENTIFIER.sub(" ", text)


def strip_quotes(text: str) -> str:
    text = BLOCKQUOTE.sub(" ", text)
    for pattern in QUOTES:
        text = pattern.sub(" ", text)
    return text


def shouting(text: str) -> bool:
    """ALL CAPS text: lower it first, or every word would pass for an acronym."""
    upper = len(UPPER.findall(text))
    lower = len(LOWER.findall(text))
    return upper >= 4 and upper >= 1.5 * lower


def sentences(text: str) -> list[str]:
    """The prose of a Markdown text, one sentence (or line, or table cell) per item.

    Quotations are set aside unless nothing else is left: a text that is only a quote is judged
    by the quote.
    """
    body = strip_code(text)
    if shouting(body):
        body = body.lower()
    unquoted = strip_markup(strip_quotes(body))
    if not re.search(r"[^\W\d_]{2}", unquoted):
        unquoted = strip_markup(body)
    parts = (part.strip() for part in SENTENCE_END.split(unquoted))
    return [part for part in parts if part]
