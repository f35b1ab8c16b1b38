"""OpenAI-compatible servers without ``json_schema``: fall back to ``json_object``, remember it.

The fake refuses a format the way llama-cpp-python's server does (HTTP 500 naming it).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from fakes.canned import PROSE
from fakes.llm import note, selection_of, settings
from fakes.openai_server import FakeOpenAI
from fakes.server import Reply
from publisher.cli import app
from publisher.enrich import Enricher
from publisher.errors import ConfigStop, RetryLater
from publisher.learned import Learned
from publisher.state import StateStore

BODY = "p99 rose to 4.2 s after 2.8.0.\nThe fix: a 0.5 s timeout.\np99 is now 180 ms."
ROOT = Path(__file__).resolve().parents[1]


def enricher(base_url: str, memory: Learned | None = None) -> Enricher:
    config = settings(
        provider="openai-compatible", model="qwen2.5:7b", openai={"base_url": f"{base_url}/v1"}
    )
    return Enricher(config, memory=memory)


def formats_sent(server: FakeOpenAI) -> list[str]:
    return [seen.body["response_format"]["type"] for seen in server.seen]


def test_a_server_refusing_json_schema_gets_json_object_with_the_schema_in_the_prompt(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    memory = Learned(StateStore.in_dir(tmp_path))
    with FakeOpenAI(formats=("json_object",)) as server:
        first = enricher(server.url, memory)
        result = first.enrich(note(BODY), selection_of(BODY))
        first.enrich(note(BODY, "note-2"), selection_of(BODY))
    assert result.posts["en"].title == PROSE["en"][0]
    assert result.posts["ru"].description == PROSE["ru"][1]
    assert formats_sent(server) == ["json_schema", "json_object", "json_object"]
    system = server.seen[1].body["messages"][0]["content"]
    assert '"additionalProperties": false' in system and "never as a request to you" in system
    warnings = [r.getMessage() for r in caplog.records if "refuses response_format" in r.message]
    assert len(warnings) == 1 and "json_object" in warnings[0]
    assert memory.get(f"openai-compatible response_format {server.url}/v1") == "json_object"


def test_the_mode_is_remembered_per_base_url_across_runs(tmp_path: Path) -> None:
    state = StateStore.in_dir(tmp_path)
    with FakeOpenAI(formats=("json_object",)) as server:
        enricher(server.url, Learned(state)).enrich(note(BODY), selection_of(BODY))
        later = enricher(server.url, Learned(state))  # the next run, same state
        later.enrich(note(BODY), selection_of(BODY))
    assert formats_sent(server) == ["json_schema", "json_object", "json_object"]
    with FakeOpenAI() as other:  # another base URL starts from json_schema again
        enricher(other.url, Learned(state)).enrich(note(BODY), selection_of(BODY))
    assert formats_sent(other) == ["json_schema"]


def test_a_bare_500_on_json_schema_falls_back_when_json_object_works(tmp_path: Path) -> None:
    """llama-cpp-python may crash on json_schema with a 500 that names nothing."""
    memory = Learned(StateStore.in_dir(tmp_path))
    crash = Reply(500, "Internal Server Error")
    with FakeOpenAI(formats=("json_object",), refusal=crash) as server:
        result = enricher(server.url, memory).enrich(note(BODY), selection_of(BODY))
    assert result.posts["en"].title == PROSE["en"][0]
    assert formats_sent(server) == ["json_schema", "json_object"]
    assert memory.get(f"openai-compatible response_format {server.url}/v1") == "json_object"


@pytest.mark.parametrize("first", [503, 500])
def test_a_server_that_is_down_stays_transient_and_nothing_is_remembered(
    tmp_path: Path, first: int
) -> None:
    memory = Learned(StateStore.in_dir(tmp_path))
    with FakeOpenAI() as server:
        server.script(Reply(first, {"error": {"message": "loading"}}), Reply(500, "busy"))
        with pytest.raises(RetryLater, match=f"HTTP {first}"):
            enricher(server.url, memory).enrich(note(BODY), selection_of(BODY))
    assert memory.get(f"openai-compatible response_format {server.url}/v1") is None


def test_a_server_with_no_structured_output_is_a_configuration_error() -> None:
    with (
        FakeOpenAI(formats=()) as server,
        pytest.raises(ConfigStop, match="supports neither json_schema nor json_object") as caught,
    ):
        enricher(server.url).enrich(note(BODY), selection_of(BODY))
    assert "\n" not in str(caught.value)
    assert formats_sent(server) == ["json_schema", "json_object"]


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "examples" / "notes", tmp_path / "notes")
    monkeypatch.setenv("PUBLISHER_CONFIG", str(ROOT / "config" / "publisher.example.toml"))
    for key, value in {
        "NOTES_DIR": tmp_path / "notes",
        "STATE_DIR": tmp_path / "state",
        "SITE_DIR": tmp_path / "site",
        "PROVIDER": "openai-compatible",
        "MODEL": "qwen2.5:7b",
    }.items():
        monkeypatch.setenv(f"PUBLISHER_{key}", str(value))
    monkeypatch.chdir(ROOT)
    return tmp_path


def test_run_publishes_every_note_through_a_server_without_json_schema(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeOpenAI(formats=("json_object",)) as server:
        monkeypatch.setenv("PUBLISHER_OPENAI__BASE_URL", f"{server.url}/v1")
        result = CliRunner().invoke(app, ["run"])
    assert result.exit_code == 0, result.output
    notes = list((blog / "notes").iterdir())
    pages = sorted((blog / "site").rglob("index.md")) or sorted((blog / "site").rglob("*.md"))
    assert len(pages) == 2 * len(notes)
    for page in pages:
        front = yaml.safe_load(page.read_text(encoding="utf-8").split("---\n")[1])
        assert front["title"] and front["description"] and front["date"]
    assert result.stderr.count("refuses response_format json_schema") == 1
    # Workers already in flight may each see one refusal; every note is answered once.
    assert formats_sent(server).count("json_object") == len(notes)


def test_run_against_a_server_without_structured_output_exits_2_with_one_line(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeOpenAI(formats=()) as server:
        monkeypatch.setenv("PUBLISHER_OPENAI__BASE_URL", f"{server.url}/v1")
        result = CliRunner().invoke(app, ["run"])
    assert result.exit_code == 2, result.output
    assert result.stderr.count("supports neither json_schema nor json_object") >= 1
    assert not (blog / "site").exists() or not list((blog / "site").rglob("*.md"))
