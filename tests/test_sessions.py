"""Agent sessions read from real files: Claude Code 2.1.197 (recorded by the real CLI), the
simonw/claude-code-transcripts fixture, and Codex rollouts in the openai/codex format."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from publisher.config import SessionSettings
from publisher.sessions import RenderOptions, render_session, session_kind
from publisher.sessions.notes import session_note

DATA = Path(__file__).parent / "data" / "sessions"
BILLING = DATA / "claude_code" / "billing"
EN = next(p for p in BILLING.glob("*.jsonl") if "2.68" in p.read_text(encoding="utf-8"))
RU = next(p for p in BILLING.glob("*.jsonl") if p != EN)
SIMONW = DATA / "simonw" / "sample_session.jsonl"


def body(path: Path, **options: object) -> str:
    kind = session_kind(path)
    assert kind is not None
    return render_session(path, kind, RenderOptions(**options)).body  # type: ignore[arg-type]


def test_real_claude_code_session_renders_as_a_terminal_transcript() -> None:
    text = body(EN)
    lines = text.splitlines()
    assert lines[0] == "> The invoice check fails: expected 2.68. Find out why and fix it."
    call = lines.index("⏺ Bash(python3 check.py)")
    assert lines[call + 1] == "  ⎿  Exit code 1"
    assert "     AssertionError: expected 2.68, got 2.67" in lines
    assert "⏺ Update(invoice.py)" in lines
    assert "     -     return round(sum(prices), 2)" in lines
    assert any(line.startswith("⏺ Root cause: 2.675 is stored") for line in lines)
    assert "  ⎿  [1 image]" in lines
    assert "PRIVATE-THINKING" not in text


def test_compaction_summary_is_not_repeated_after_the_conversation_it_sums_up() -> None:
    assert "compact" not in EN.name
    assert "isCompactSummary" in EN.read_text(encoding="utf-8")
    text = body(EN)
    assert "This session is being continued" not in text
    assert "/compact" not in text and "Compacted" not in text


def test_compaction_summary_alone_stands_for_the_earlier_conversation(tmp_path: Path) -> None:
    lines = EN.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if '"compact_boundary"' in line)
    resumed = tmp_path / "resumed.jsonl"
    resumed.write_text("\n".join(lines[start:]) + "\n", encoding="utf-8")
    text = body(resumed)
    assert text.startswith("⏺ (summary of the earlier conversation)")
    assert "This session is being continued" in text


def test_sub_agent_turns_are_folded_under_their_call_or_left_out() -> None:
    folded = body(RU).splitlines()
    call = folded.index("⏺ Task(Find idempotency key)")
    assert folded[call + 1].startswith("  ⎿  > SUBAGENT: find where the idempotency key")
    assert "     ⏺ Bash(grep -n key replay.py)" in folded
    omitted = body(RU, fold_sidechains=False)
    assert "SUBAGENT" not in omitted and "grep -n key" not in omitted
    assert "  ⎿  The key is the batch number alone (no client id)." in omitted.splitlines()


def test_long_tool_output_is_trimmed_to_head_tail_and_its_error_line() -> None:
    lines = body(RU).splitlines()
    error = next(i for i, line in enumerate(lines) if "ERROR replay: batch 301 rejected" in line)
    assert lines[error - 1].startswith("     … +") and lines[error - 1].endswith(" lines")
    kept = [line for line in lines if "INFO replay: batch" in line]
    # first 8 lines (one is "Exit code 1"), last 8, and the odd line out around the CLI's own
    # truncation marker, of ~170
    assert len(kept) == 16
    assert "     ... [8331 characters truncated] ..." in lines


def test_public_fixture_title_comes_from_its_summary_record() -> None:
    read = session_note(SIMONW, "claude-code", SessionSettings())
    assert read.note.id == "claude-code-test-session-id"
    assert read.note.title == "Test session for JSONL parsing"
    assert read.note.project == "project"
    assert read.note.created == "2025-12-24T10:00:00.000Z"
    assert read.note.source_kind == "claude-code"
    assert "⏺ Write(hello.py)" in read.note.body
    assert "     + def hello():" in read.note.body


def test_title_falls_back_to_the_first_prompt() -> None:
    read = session_note(EN, "claude-code", SessionSettings())
    assert read.note.title == "The invoice check fails: expected 2.68. Find out why and fix it."
    assert read.info.user_turns == 1


def test_a_malformed_or_truncated_line_is_skipped_with_one_warning_each(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    lines = EN.read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "broken.jsonl"
    broken.write_text(
        "\n".join([*lines[:5], "{not json", *lines[5:], lines[8][: len(lines[8]) // 2]]),
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="publisher.sessions"):
        text = body(broken)
    warnings = [r.getMessage() for r in caplog.records]
    assert warnings[0].startswith(f"{broken}:6: skipped a malformed session line")
    assert warnings[1].startswith(f"{broken}:{len(lines) + 2}: skipped")
    assert len(warnings) == 2
    assert text == body(EN)


def test_session_files_are_recognised_by_content_not_by_name(tmp_path: Path) -> None:
    disguised = tmp_path / "notes.md"
    shutil.copy(EN, disguised)
    assert session_kind(disguised) == "claude-code"
    note = tmp_path / "note.md"
    note.write_text("---\ntitle: x\n---\n{ not a session }\n", encoding="utf-8")
    assert session_kind(note) is None
    assert session_kind(SIMONW) == "claude-code"


def rollout(tmp_path: Path, *items: tuple[str, dict[str, object]]) -> Path:
    """A Codex rollout: one ``{"timestamp", "type", "payload"}`` line per item."""
    import json

    lines = [
        json.dumps({"timestamp": f"2026-11-30T10:00:{i:02d}.000Z", "type": kind, "payload": body})
        for i, (kind, body) in enumerate(items)
    ]
    path = tmp_path / "rollout-2026-11-30T10-00-00-abc.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_codex_rollout_renders_calls_patches_and_never_its_reasoning(tmp_path: Path) -> None:
    path = rollout(
        tmp_path,
        ("session_meta", {"id": "0199-abc", "cwd": "/home/dev/etl", "cli_version": "0.46.0"}),
        ("response_item", {"type": "message", "role": "user", "content": [
            {"type": "input_text", "text": "<environment_context>\n</environment_context>"}
        ]}),
        ("response_item", {"type": "message", "role": "user", "content": [
            {"type": "input_text", "text": "The ETL job is OOM-killed."},
            {"type": "input_image", "image_url": "data:image/png;base64,AAAA"},
        ]}),
        ("event_msg", {"type": "user_message", "message": "The ETL job is OOM-killed."}),
        ("response_item", {"type": "reasoning", "summary": [
            {"type": "summary_text", "text": "SECRET-REASONING about the user"}
        ], "content": None, "encrypted_content": "gAAAA"}),
        ("response_item", {"type": "function_call", "name": "shell", "call_id": "c1",
                           "arguments": '{"command": ["bash", "-lc", "python etl/run.py"]}'}),
        ("response_item", {"type": "function_call_output", "call_id": "c1", "output":
            '{"output": "MemoryError: Unable to allocate 9.1 GiB", "metadata": {"exit_code": 1}}'}),
        ("response_item", {"type": "custom_tool_call", "call_id": "c2", "name": "apply_patch",
                           "input": "*** Begin Patch\n*** Update File: etl/run.py\n@@\n"
                           "-df = pd.read_csv(path)\n+df = pd.read_csv(path, dtype=DTYPES)\n"
                           "*** End Patch"}),
        ("response_item", {"type": "custom_tool_call_output", "call_id": "c2",
                           "output": "Exit code: 0\nWall time: 0.1 seconds\nOutput:\nSuccess."}),
        ("response_item", {"type": "message", "role": "assistant", "content": [
            {"type": "output_text", "text": "Peak memory is now 1.3 GB."}
        ]}),
    )  # fmt: skip
    assert session_kind(path) == "codex"
    read = session_note(path, "codex", SessionSettings(min_lines=0))
    assert read.note.id == "codex-0199-abc"
    assert read.note.project == "etl"
    assert read.note.title == "The ETL job is OOM-killed."
    assert read.note.body.splitlines() == [
        "> The ETL job is OOM-killed.",
        "",
        "> [image]",
        "",
        "⏺ Bash(python etl/run.py)",
        "  ⎿  Exit code 1",
        "     MemoryError: Unable to allocate 9.1 GiB",
        "",
        "⏺ Update(etl/run.py)",
        "  ⎿  Updated etl/run.py",
        "     - df = pd.read_csv(path)",
        "     + df = pd.read_csv(path, dtype=DTYPES)",
        "",
        "⏺ Peak memory is now 1.3 GB.",
    ]


def test_codex_compaction_alone_is_the_account_of_the_earlier_part(tmp_path: Path) -> None:
    path = rollout(
        tmp_path,
        ("session_meta", {"id": "0199-def", "cwd": "/srv/app"}),
        ("compacted", {"message": "Earlier: nginx returned 504 after 60 s."}),
        ("response_item", {"type": "message", "role": "user", "content": [
            {"type": "input_text", "text": "Now raise the timeout."}
        ]}),
    )  # fmt: skip
    body = render_session(path, "codex").body
    assert body.startswith("⏺ (summary of the earlier conversation)\n  Earlier: nginx returned 504")


def test_codex_rollout_of_the_2025_format_without_the_envelope(tmp_path: Path) -> None:
    import json

    context = "<environment_context>\n<cwd>/Users/x/dev/legacy-thing</cwd>\n</environment_context>"
    lines = [
        {"id": "cccc-1", "timestamp": "2025-09-02T17:17:41.762Z", "instructions": None},
        {"record_type": "state"},
        {"type": "message", "role": "user", "content": [{"type": "input_text", "text": context}]},
        {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Why?"}]},
        {"type": "function_call", "name": "shell", "call_id": "c1",
         "arguments": '{"command": ["bash", "-lc", "curl -i localhost"]}'},
        {"type": "function_call_output", "call_id": "c1", "output": "HTTP/1.1 500"},
        {"record_type": "state"},
    ]  # fmt: skip
    path = tmp_path / "rollout-2025-09-02T17-17-41-cccc.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    assert session_kind(path) == "codex"
    read = session_note(path, "codex", SessionSettings())
    assert (read.note.id, read.note.project) == ("codex-cccc-1", "legacy-thing")
    assert read.note.body.splitlines() == [
        "> Why?",
        "",
        "⏺ Bash(curl -i localhost)",
        "  ⎿  HTTP/1.1 500",
    ]
