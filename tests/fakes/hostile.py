"""A fake Messages API that answers like a hostile model: HTML/JS payloads in every field.

The canned answer (valid, bilingual, numbers from the note) gets nested, entity-encoded,
mixed-case, broken-tag and parenthesised payloads in every title, description, body and tag, and
one fenced block of HTML that must reach the site as code.
"""

from __future__ import annotations

import json
from typing import Any

from fakes.anthropic_server import FakeAnthropic

CODE = "<script>shown as code</script>"
TITLE_PAYLOAD = "<<img src=y>img src=x onerror=alert(1)> "
LINE_PAYLOAD = " <svg/onload=alert(1)> [x](javascript:alert((1))) &lt;b onmouseover=alert(1)&gt;"
BODY_PAYLOAD = (
    "<<img src=y>img src=x onerror=alert(1)>\n\n"
    "[x](javascript:alert((1))) [a\\]b](JaVaScRiPt:alert(1)) [d](data:text/html;base64,PHM+)\n\n"
    "&lt;img src=x onerror=alert(1)&gt; <IMG SRC=x OnErRoR=alert(1)> <!-- c -->\n\n"
    "![](https://tracker.example/p.gif) <a href='javascript:x'>y</a>\n\n"
    "<div>\n<script>alert(1)</script>\n</div>\n\n"
    f"```html\n{CODE}\n```\n"
)
TAGS = ["debugging", "<img src=x onerror=alert(1)>", "<b>go</b>"]


def poisoned(post: dict[str, str]) -> dict[str, str]:
    return {
        "title": TITLE_PAYLOAD + post["title"],
        "description": post["description"] + LINE_PAYLOAD,
        "body": f"{post['body']}\n\n{BODY_PAYLOAD}",
    }


class HostileAnthropic(FakeAnthropic):
    """The canned (valid, bilingual) answer with payloads in every field the site shows."""

    def message(self, params: dict[str, Any]) -> dict[str, Any]:
        reply = super().message(params)
        answer = json.loads(reply["content"][0]["text"])
        if "body" in answer:
            answer = poisoned(answer)
        else:
            answer["tags"] = TAGS
            for locale in ("ru", "en"):
                answer[locale] = poisoned(answer[locale])
        reply["content"][0]["text"] = json.dumps(answer, ensure_ascii=False)
        return reply
