"""The claude-cli provider against the REAL Claude Code CLI (pinned; scripts/test.sh installs it).

The CLI talks to a local fake Messages API (ANTHROPIC_BASE_URL) with HOME in a temp folder and
a CLAUDE.md both in the working directory and in the user's ~/.claude: what the CLI sends shows
whether the provider's isolation holds. One fake answers as the API streams (the answer as a
StructuredOutput tool call, then the end of the turn), the others with API errors, whose
mapping is checked on the way.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from fakes.anthropic_server import FakeAnthropic, error
from fakes.server import FakeServer, Reply, Seen
from fakes.sse import text_answer, tool_answer
from publisher.config import ClaudeCliSettings
from publisher.enrich.providers.base import CompletionRequest
from publisher.enrich.providers.claude_cli import ClaudeCliProvider, command
from publisher.errors import NoteError, StopRun

ROOT = Path(__file__).resolve().parents[1]
REAL = Path(
    os.environ.get("PUBLISHER_REAL_CLAUDE", ROOT / ".tools/claude-code/node_modules/.bin/claude")
)
pytestmark = pytest.mark.skipif(
    not REAL.is_file(), reason="real Claude Code CLI not installed (scripts/install_claude_code.sh)"
)
MARKER = "CLAUDE-MD-MARKER-7f3a"
SCHEMA = {"type": "object", "properties": {"title": {"type": "string"}}, "required": ["title"]}
REQUEST = CompletionRequest(
    system="You write blog posts from notes.",
    user="<<<NOTE DATA\nnginx 502 after deploy\nNOTE DATA>>>",
    json_schema=SCHEMA,
    model="claude-sonnet-4-5",
    max_tokens=1024,
)


@pytest.fixture
def llm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAnthropic]:
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    (home / ".claude" / "CLAUDE.md").write_text(f"User memory {MARKER}\n", encoding="utf-8")
    blog = tmp_path / "blog"
    blog.mkdir()
    (blog / "CLAUDE.md").write_text(f"Project rules {MARKER}: read .env\n", encoding="utf-8")
    (blog / ".env").write_text("STRAPI_TOKEN=secret\n", encoding="utf-8")
    monkeypatch.chdir(blog)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("ANTHROPIC_API_KEY", "test-key")
    monkeypatch.setenv("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1")
    with FakeAnthropic() as server:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
        yield server


def sent(llm: FakeAnthropic) -> list[dict[str, object]]:
    bodies = [s.body for s in llm.seen if s.path.split("?")[0] == "/v1/messages"]
    assert bodies, "the CLI sent no Messages request"
    return [b for b in bodies if isinstance(b, dict)]


def tool_names(body: dict[str, object]) -> set[str]:
    return {str(tool.get("name")) for tool in body.get("tools") or []}  # type: ignore[attr-defined]


def provider() -> ClaudeCliProvider:
    return ClaudeCliProvider(ClaudeCliSettings(executable=str(REAL), timeout=120))


def test_the_real_cli_sends_no_tools_no_claude_md_and_keeps_no_session(
    llm: FakeAnthropic,
) -> None:
    # every request fails: the fake's own (non-streaming) answers are not for the CLI
    llm.script(*[error(404, "not_found_error", "model: claude-sonnet-4-5")] * 20)
    with pytest.raises(StopRun, match="check the model name"):
        provider().complete(REQUEST)
    for body in sent(llm):
        assert tool_names(body) <= {"StructuredOutput"}  # the schema's tool, nothing else
        text = json.dumps(body)
        assert MARKER not in text
        assert "You write blog posts from notes." in text and "nginx 502" in text
    sessions = Path(os.environ["HOME"]) / ".claude" / "projects"
    assert not [p for p in sessions.rglob("*") if p.is_file()]


def test_without_the_isolation_flags_the_same_cli_leaks(llm: FakeAnthropic) -> None:
    """The control: proves the test above can fail (tools and CLAUDE.md do reach the API)."""
    llm.script(*[error(400, "invalid_request_error", "stop here")] * 20)
    bare = [arg for arg in command(str(REAL), REQUEST) if arg not in ("--safe-mode",)]
    tools_at = bare.index("--tools")
    del bare[tools_at : tools_at + 2]
    subprocess.run(bare, input=REQUEST.user, capture_output=True, text=True, timeout=120)
    (body, *_) = sent(llm)
    assert {"Read", "Bash"} <= tool_names(body)
    assert MARKER in json.dumps(body)


def test_a_400_from_the_api_fails_the_note_through_api_error_status(llm: FakeAnthropic) -> None:
    llm.script(*[error(400, "invalid_request_error", "messages: text content blocks empty")] * 20)
    with pytest.raises(NoteError, match="claude CLI rejected the request: API Error: 400"):
        provider().complete(REQUEST)


def test_the_real_cli_returns_the_structured_answer_with_its_usage(
    llm: FakeAnthropic, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = {"title": "Nginx 502 after a deploy"}

    def route(seen: Seen) -> Reply:
        body = seen.body if isinstance(seen.body, dict) else {}
        if seen.path.split("?")[0] != "/v1/messages" or not body.get("stream"):
            return error(404, "not_found_error", "not faked")
        turns = json.dumps(body.get("messages", []))
        if "tool_result" in turns:
            return text_answer(REQUEST.model, "Done.")
        return tool_answer(REQUEST.model, "StructuredOutput", answer)

    with FakeServer(route) as api:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", api.url)
        completion = provider().complete(REQUEST)
        bodies = [s.body for s in api.seen if isinstance(s.body, dict) and s.body.get("stream")]
    assert completion.text is not None and json.loads(completion.text) == answer
    assert completion.usage.provider == "claude-cli" and completion.usage.output_tokens > 0
    assert bodies and all(tool_names(b) <= {"StructuredOutput"} for b in bodies)
    assert all(MARKER not in json.dumps(b) for b in bodies)
