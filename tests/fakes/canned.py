"""Valid answers derived from a request, so fakes behave like a model that follows the prompt.

Every number in a canned post comes from the note's data block (quoted verbatim in a code block),
so the enricher's checks pass on them; the prose is real Russian and English so the language
check recognises each locale.
"""

from __future__ import annotations

import re
from typing import Any

DATA_RE = re.compile(r"<<<NOTE DATA (\w+)>>>\n(.*?)\n<<<END NOTE DATA \1>>>", re.S)
LOCALE_RE = re.compile(r"\(([a-z]{2}(?:-[A-Z][a-zA-Z]{1,3})?)\)")

PROSE = {
    "ru": (
        "Как я разобрался с проблемой из рабочих заметок",
        "Короткий рассказ о том, как я нашёл причину сбоя по строкам рабочего журнала.",
        "В этой заметке я рассказываю, что случилось, как я искал причину и что в итоге помогло. "
        "Ниже приведены строки из моего рабочего журнала, на которые я опирался.",
        "Главный вывод простой: сначала нужно измерить, а уже потом чинить. Так я и сделал.",
    ),
    "en": (
        "How I tracked down a problem from my work notes",
        "A short story of how I found the cause of a failure from the lines of my work log.",
        "In this post I describe what happened, how I looked for the cause and what finally "
        "helped. Below are the lines from my work log that I relied on.",
        "The main lesson is simple: measure first, then fix. That is what I did here.",
    ),
}


def note_data(user_text: str) -> str:
    match = DATA_RE.search(user_text)
    return match.group(2) if match else ""


def fence_for(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def post(locale: str, user_text: str) -> dict[str, str]:
    title, description, intro, outro = PROSE.get(locale.split("-")[0], PROSE["en"])
    data = "\n".join(note_data(user_text).splitlines()[:12])
    fence = fence_for(data)
    body = f"{intro}\n\n{fence}text\n{data}\n{fence}\n\n{outro}"
    return {"title": title, "description": description, "body": body}


def answer_for(schema: dict[str, Any], user_text: str) -> dict[str, Any]:
    """A bilingual answer for the full schema, one post for a one-locale re-request."""
    properties = schema.get("properties", {})
    if set(properties) == {"title", "description", "body"}:
        match = LOCALE_RE.search(user_text)
        return post(match.group(1) if match else "en", user_text)
    answer: dict[str, Any] = {
        "image_query": "server room blue light",
        "tags": ["debugging"],
        "worth_publishing": True,
        "worth_reason": "a problem, its cause and the fix",
    }
    for locale in properties:
        if locale not in answer:
            answer[locale] = post(locale, user_text)
    return answer
