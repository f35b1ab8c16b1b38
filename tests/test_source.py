from __future__ import annotations

from pathlib import Path

import pytest

from publisher.errors import SourceError
from publisher.markdown import split_front_matter
from publisher.source import (
    SourceProblem,
    decode_note,
    read_note,
    read_note_bytes,
    read_notes,
)

LIMIT = 1_000_000


def test_front_matter_fields_and_id(tmp_path: Path) -> None:
    path = tmp_path / "file-stem.md"
    path.write_text(
        "---\nid: my-note\ntitle: T\nproject: p\ncreated: 2026-01-02\ntags: [a, b]\n---\n"
        "line one\n",
        encoding="utf-8",
    )
    note = read_note(path, LIMIT)
    assert note.id == "my-note"
    assert (note.title, note.project, note.created, note.tags) == (
        "T",
        "p",
        "2026-01-02",
        ["a", "b"],
    )
    assert note.body == "line one\n"


def test_id_falls_back_to_stem_without_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "plain-note.txt"
    path.write_text("just text\nsecond line\n", encoding="utf-8")
    note = read_note(path, LIMIT)
    assert note.id == "plain-note"
    assert note.front_matter == {}


def test_body_lines_are_numbered_after_closing_marker() -> None:
    front, body = split_front_matter("---\na: 1\n---\n\nfirst\nsecond")
    assert front == "a: 1"
    assert body.split("\n")[1] == "first"


def test_crlf_and_bom_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "win.md"
    path.write_bytes("\ufeff---\r\nid: win\r\n---\r\nстрока\r\n".encode())
    note = read_note(path, LIMIT)
    assert note.id == "win"
    assert note.body == "строка\n"


def test_hash_changes_with_body_and_used_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "n.md"
    path.write_text("---\ntitle: A\n---\nbody\n", encoding="utf-8")
    first = read_note(path, LIMIT).content_hash
    assert read_note(path, LIMIT).content_hash == first
    path.write_text("---\ntitle: B\n---\nbody\n", encoding="utf-8")
    second = read_note(path, LIMIT).content_hash
    path.write_text("---\ntitle: B\n---\nbody!\n", encoding="utf-8")
    third = read_note(path, LIMIT).content_hash
    assert len({first, second, third}) == 3
    path.write_text("---\ntitle: B\nsource: journal\n---\nbody!\n", encoding="utf-8")
    assert read_note(path, LIMIT).content_hash == third  # unused keys don't change the post


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"---\ntitle: [unclosed\n---\nbody\n", "front matter is not valid YAML at line"),
        (b"---\n- a\n- b\n---\nbody\n", "front matter must be a mapping"),
        (b"---\ntags: {a: 1}\n---\nbody\n", "'tags' must be a list"),
        (b"---\nid: 'bad id!'\n---\nbody\n", "id 'bad id!' must be letters"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"caf\xe9 au lait\n", "not valid UTF-8 (byte 3"),
        (b"---\nid: x\n---\n\n   \n", "empty note"),
        (b"", "empty note"),
    ],
)
def test_bad_inputs_raise_one_clear_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(data)
    with pytest.raises(SourceError) as info:
        read_note(path, LIMIT)
    assert reason in str(info.value)
    assert "\n" not in str(info.value)


def test_huge_file_rejected_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    path.write_bytes(b"x" * 5000)
    with pytest.raises(SourceError, match="too large"):
        read_note(path, 1000)


def test_folder_reports_problems_and_keeps_going(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("good\n", encoding="utf-8")
    (tmp_path / "b.md").write_bytes(b"\xff\xfe bad")
    (tmp_path / "c.md").write_text("---\nid: a\n---\ndup\n", encoding="utf-8")
    (tmp_path / "d.md").write_text("also good\n", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.md").write_text("ignored\n", encoding="utf-8")
    items = list(read_notes(tmp_path, LIMIT))
    good = [i.id for i in items if not isinstance(i, SourceProblem)]
    bad = {i.note_id: i.reason for i in items if isinstance(i, SourceProblem)}
    assert good == ["a", "d"]
    assert set(bad) == {"b", "a"}
    assert "UTF-8" in bad["b"]
    assert "duplicate id" in bad["a"]


def test_missing_notes_folder(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="notes folder not found"):
        list(read_notes(tmp_path / "missing", LIMIT))


@pytest.mark.parametrize("offset", [0, 8191, 8192, 200_000])
def test_a_nul_byte_anywhere_in_the_file_refuses_it(tmp_path: Path, offset: int) -> None:
    path = tmp_path / "late.md"
    path.write_bytes(b"a" * offset + b"\x00" + b"b" * 10)
    with pytest.raises(SourceError, match=f"binary file \\(NUL byte at offset {offset}\\)"):
        read_note(path, LIMIT)
    with pytest.raises(SourceError, match="binary file"):
        decode_note(path.read_bytes(), LIMIT)


def test_a_file_that_grew_past_the_limit_after_its_size_check_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "growing.md"
    path.write_bytes(b"x" * 300)
    with pytest.raises(SourceError, match="too large"):
        read_note_bytes(path, 200)
