"""Acceptance for #11: secrets never leave the machine, end to end through ``publisher run``.

The notes are the redaction corpus's tuning folds (fake secrets of ~40 kinds and their
look-alikes, labelled), so these tests are regression guards. The LLM is the local fake
Messages API, which records every request; it answers with canned posts, or quotes every line
of the note back in every field, or (a model that somehow saw the raw note) writes the raw
secrets into its posts. Nothing may hold a secret afterwards: requests, published files, the
state database, logs, preview JSON.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import fakes.anthropic_server as fake_module
from fakes.anthropic_server import FakeAnthropic
from fakes.canned import PROSE, answer_for, fence_for, note_data
from publisher.cli import app

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks" / "redact"))

from score import DATA, TUNING_FOLDS, leaked, score_text  # noqa: E402

runner = CliRunner()
Answer = Callable[[dict[str, Any], str], dict[str, Any]]


def _labels() -> dict[str, dict[str, list[dict[str, str]]]]:
    return {
        path.name.removesuffix(".labels.json"): json.loads(path.read_text(encoding="utf-8"))
        for fold in TUNING_FOLDS
        for path in (DATA / fold).glob("*.labels.json")
    }


LABELS = _labels()
SECRETS = [item["value"] for labels in LABELS.values() for item in labels["secrets"]]


def quoting_answer(schema: dict[str, Any], user_text: str) -> dict[str, Any]:
    """A model that quotes every line of the note it was sent, in every field it writes."""
    answer = answer_for(schema, user_text)
    lines = note_data(user_text).splitlines()
    fence = fence_for("\n".join(lines))
    for locale in PROSE:
        if locale in answer:
            post = answer[locale]
            post["body"] += f"\n\n{fence}text\n" + "\n".join(lines) + f"\n{fence}\n"
            post["description"] += " " + " ".join(lines[:3])
    if "image_query" in answer:
        answer["image_query"] = " ".join(lines[:4])[:100]
        answer["tags"] = [line[:40] for line in lines[:5] if line.strip()]
    return answer


def raw_leaking_answer(raw_lines: list[str]) -> Answer:
    """A model that writes raw (unredacted) note lines into its posts: only the guard stops it."""

    def answer(schema: dict[str, Any], user_text: str) -> dict[str, Any]:
        result = quoting_answer(schema, user_text)
        leaked_text = "\n".join(raw_lines)
        for locale in PROSE:
            if locale in result:
                result[locale]["body"] += f"\n\n```text\n{leaked_text}\n```\n"
                result[locale]["title"] = result[locale]["title"][:40] + " " + raw_lines[0][-50:]
        if "image_query" in result:
            result["image_query"] = raw_lines[1][-90:]
        return result

    return answer


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    notes = tmp_path / "notes"
    notes.mkdir()
    for fold in TUNING_FOLDS:
        for path in (DATA / fold).glob("*.md"):
            shutil.copy(path, notes / path.name)
    monkeypatch.setenv("PUBLISHER_NOTES_DIR", str(notes))
    monkeypatch.setenv("PUBLISHER_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("PUBLISHER_SITE_DIR", str(tmp_path / "site"))
    monkeypatch.setenv("PUBLISHER_TARGET", "files")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "test-key")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _leaks(text: str) -> list[str]:
    return [secret[:16] + "…" for secret in SECRETS if leaked(secret, text)]


def _everything_stored(blog: Path) -> str:
    parts = [
        p.read_text(encoding="utf-8")
        for p in (blog / "site").rglob("*")
        if p.suffix in (".md", ".json", ".html", ".xml")
    ]
    parts += [str(p.relative_to(blog)) for p in blog.rglob("*")]  # file names too
    db = sqlite3.connect(blog / "state" / "state.sqlite3")
    try:
        parts += list(db.iterdump())
    finally:
        db.close()
    return "\n".join(parts)


def _run_and_check(blog: Path, llm: FakeAnthropic) -> str:
    result = runner.invoke(app, ["run", "--log-format", "json"])
    assert result.exit_code in (0, 1), result.output
    assert len(LABELS) == 25 and len(SECRETS) >= 80
    requests = json.dumps([seen.body for seen in llm.seen], ensure_ascii=False)
    assert requests.count("<<<NOTE DATA") >= len(LABELS)
    assert _leaks(requests) == []
    assert _leaks(result.output) == []
    assert _leaks(_everything_stored(blog)) == []
    return requests


def test_regression_guard_canned_model_run_leaks_no_secret_and_keeps_look_alikes(
    blog: Path, llm: FakeAnthropic
) -> None:
    requests = _run_and_check(blog, llm)
    kept = sum(
        1
        for labels in LABELS.values()
        for item in labels["lookalikes"]
        if item["value"] in requests
    )
    total = sum(len(labels["lookalikes"]) for labels in LABELS.values())
    # Only the selected lines reach the model, so look-alikes are counted where they were sent.
    sent = [
        item
        for name, labels in LABELS.items()
        for item in labels["lookalikes"]
        if score_text(name, requests, {"secrets": [], "lookalikes": [item]}).kept
    ]
    assert kept == len(sent) and total >= 80


def test_regression_guard_quoting_model_run_leaks_no_secret(
    blog: Path, llm: FakeAnthropic, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fake_module, "answer_for", quoting_answer)
    _run_and_check(blog, llm)
    pages = list((blog / "site").rglob("*.md"))
    assert pages and any("‹redacted:" in page.read_text(encoding="utf-8") for page in pages)


def test_regression_guard_model_writing_raw_secrets_is_stopped_by_the_output_guard(
    blog: Path, llm: FakeAnthropic, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = [line for line in (DATA / "a" / "a01-aws-cli.md").read_text().splitlines() if line]
    raw = [line for line in raw if any(secret in line for secret in SECRETS)]
    monkeypatch.setattr(fake_module, "answer_for", raw_leaking_answer(raw))
    result = runner.invoke(app, ["run", "--log-format", "json", "--only", "a01-aws-cli"])
    assert result.exit_code in (0, 1), result.output
    assert "redaction:" in result.output, result.output[:600]
    assert _leaks(result.output) == []
    assert _leaks(_everything_stored(blog)) == []


def test_regression_guard_preview_json_and_select_explain_hold_no_secret(
    blog: Path, llm: FakeAnthropic
) -> None:
    outputs = []
    for name in sorted(LABELS)[:8]:
        for args in (["preview", "--no-llm", name], ["preview", name]):
            result = runner.invoke(app, args)
            assert result.exit_code == 0, result.output
            outputs.append(result.output)
        note = blog / "notes" / f"{name}.md"
        outputs.append(runner.invoke(app, ["select", "--explain", str(note)]).output)
    assert _leaks("\n".join(outputs)) == []
