"""The notes folder is a boundary: links that leave it and YAML bombs are refused, one line each."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from doubles import write_note
from publisher.boundary import open_no_follow
from publisher.errors import SourceError
from publisher.source import SourceProblem, parse_front_matter, read_notes

LIMIT = 1_000_000
BOMB = """---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
title: *i
---
body line
"""


def read_all(folder: Path) -> tuple[list[str], dict[str, str]]:
    notes, problems = [], {}
    for item in read_notes(folder, LIMIT):
        if isinstance(item, SourceProblem):
            problems[item.path.name] = item.reason
        else:
            notes.append(item.id)
    return notes, problems


def test_a_symlink_to_a_file_outside_the_folder_is_refused_and_the_rest_read(
    tmp_path: Path,
) -> None:
    notes = tmp_path / "notes"
    write_note(notes, "alpha")
    secret = tmp_path / "outside" / ".env"
    secret.parent.mkdir()
    secret.write_text("ANTHROPIC_API_KEY=sk-ant-secret\n", encoding="utf-8")
    (notes / "leak.md").symlink_to(secret)
    (notes / "passwd.md").symlink_to("/etc/passwd")
    ids, problems = read_all(notes)
    assert ids == ["alpha"]
    assert set(problems) == {"leak.md", "passwd.md"}
    assert problems["passwd.md"] == (
        "symlink leads outside the notes folder (-> /etc/passwd); not read"
    )
    assert "\n" not in problems["leak.md"] and "sk-ant" not in problems["leak.md"]


def test_a_symlink_that_stays_inside_the_folder_is_read(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    target = write_note(notes / "drafts", "alpha")
    (notes / "pinned.md").symlink_to(target)
    ids, problems = read_all(notes)
    assert problems == {"pinned.md": "duplicate id, already used by " + str(target)}
    assert ids == ["alpha"]


def test_a_symlinked_folder_leading_outside_is_not_walked(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    write_note(outside, "private")
    notes = tmp_path / "notes"
    write_note(notes, "alpha")
    (notes / "more").symlink_to(outside, target_is_directory=True)
    assert read_all(notes) == (["alpha"], {})


def test_opening_refuses_a_link_in_place_of_the_checked_file(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("x", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    with pytest.raises(SourceError, match="became a symlink"):
        open_no_follow(link)
    with open_no_follow(real) as handle:
        assert handle.read() == b"x"


def test_yaml_aliases_are_refused_with_the_line() -> None:
    with pytest.raises(SourceError) as caught:
        parse_front_matter("base: &b x\ntitle: *b\n")
    assert str(caught.value) == (
        "front matter is not valid YAML at line 3: aliases (*name) are not allowed in front matter"
    )


def test_a_yaml_bomb_fails_in_bounded_memory(tmp_path: Path) -> None:
    """Measured in a fresh process: peak RSS growth while reading the folder stays < 200 MB."""
    notes = tmp_path / "notes"
    write_note(notes, "alpha")
    (notes / "bomb.md").write_text(BOMB, encoding="utf-8")
    script = textwrap.dedent(
        f"""
        import resource, sys
        from pathlib import Path
        from publisher.source import SourceProblem, read_notes
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        items = list(read_notes(Path({str(notes)!r}), {LIMIT}))
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        bad = [i.reason for i in items if isinstance(i, SourceProblem)]
        print((after - before) // 1024, len(items), bad[0] if bad else "")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True
    )
    extra_mb, count, reason = done.stdout.strip().split(" ", 2)
    assert int(extra_mb) < 200
    assert count == "2"
    assert reason.startswith("front matter is not valid YAML at line 3: aliases")
