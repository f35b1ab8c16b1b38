"""One document per note and no unused uploads, against the real Strapi 5.

Two `publisher run` processes with different state folders race on the same notes; a Strapi
frozen while a cover upload is in flight, then resumed; `publisher gc` on what is left.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
from strapi_data import Recorder, StrapiServer, make_note, strapi_settings, write_cover
from test_cron_runs import documents, env_for, run_cmd, start_run, write

from fakes.anthropic_server import FakeAnthropic
from fakes.hostile import CODE, HostileAnthropic
from publisher.config import Settings, load_settings
from publisher.errors import RetryLater
from publisher.gc import collect
from publisher.targets.strapi import StrapiTarget
from publisher.targets.strapi_uploads import MARK
from site_check import violations

pytestmark = pytest.mark.strapi
ROUNDS = 3
NOTES_PER_ROUND = 4


def uploads_named(server: StrapiServer, fragment: str) -> list[dict[str, Any]]:
    response = server.session().get(
        f"{server.url}/api/upload/files",
        params={"filters[name][$contains]": fragment, "populate": "related"},
        timeout=10,
    )
    response.raise_for_status()
    return list(response.json())


def gc_settings(server: StrapiServer) -> Settings:
    return load_settings(None, target="strapi", strapi={"url": server.url, "token": server.token})


def test_two_runs_from_different_state_folders_leave_one_document_per_note(
    strapi_server: StrapiServer, tmp_path: Path
) -> None:
    env: dict[str, str] = {}
    with FakeAnthropic(delay=0.2) as llm:
        for round_no in range(ROUNDS):
            prefix = f"race{round_no}-{uuid.uuid4().hex[:6]}"
            blog = tmp_path / prefix
            (blog / "notes").mkdir(parents=True)
            for n in range(NOTES_PER_ROUND):
                write(blog / "notes", f"{prefix}-{n}", marker=f"{round_no}{n}7{n}")
            runs = []
            for writer in ("laptop", "server"):
                env = env_for(blog, strapi_server, llm)
                env["PUBLISHER_STATE_DIR"] = str(blog / f"state-{writer}")
                env["PUBLISHER_CONCURRENCY"] = "2"
                runs.append(start_run(env))
            results = [run.communicate(timeout=300) for run in runs]

            for run, (out, err) in zip(runs, results, strict=True):
                assert run.returncode == 0, f"round {round_no}: {out}\n{err}"
            for locale in ("ru", "en"):
                grouped = documents(strapi_server, prefix, locale)
                assert sorted(grouped) == [f"{prefix}-{n}" for n in range(NOTES_PER_ROUND)]
                counts = {note_id: len(rows) for note_id, rows in grouped.items()}
                assert set(counts.values()) == {1}, f"round {round_no} {locale}: {counts}"

    cleaned = run_cmd(env, "gc", "--apply")
    assert cleaned.returncode == 0, cleaned.stderr
    assert collect(gc_settings(strapi_server), apply=False, say=lambda _: None).unused == []
    linked = [f for f in uploads_named(strapi_server, MARK) if f["related"]]
    assert linked, "every race round's covers are still linked after gc"


class FreezingSession(requests.Session):
    """Freezes Strapi (SIGSTOP) just as the first cover upload goes out; thaws it later."""

    def __init__(self, pgid: int, thaw_after: float) -> None:
        super().__init__()
        self.pgid = pgid
        self.thaw_after = thaw_after
        self.frozen = threading.Event()
        self.uploads_sent = 0

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        if method == "POST" and str(url).endswith("/api/upload"):
            self.uploads_sent += 1
            if not self.frozen.is_set():
                self.frozen.set()
                os.killpg(self.pgid, signal.SIGSTOP)
                threading.Timer(self.thaw_after, os.killpg, (self.pgid, signal.SIGCONT)).start()
        return super().request(method, url, *args, **kwargs)


def wait_for(check: Callable[[], bool], limit: float = 60.0) -> None:
    """Poll until Strapi has caught up with its backlog (a precondition, not a measured time)."""
    deadline = time.monotonic() + limit
    while not check():
        if time.monotonic() > deadline:
            pytest.fail("Strapi did not catch up after being resumed")
        time.sleep(0.25)


def test_an_upload_sent_to_a_frozen_strapi_is_found_again_not_repeated(
    strapi_server: StrapiServer, tmp_path: Path
) -> None:
    session = FreezingSession(strapi_server.pgid, thaw_after=4.0)
    settings = strapi_settings(
        strapi_server.url, strapi_server.token, timeout=1.5, max_retries=4, max_retry_wait=2.0
    )
    target = StrapiTarget(settings, ["ru", "en"], "ru", session=session)
    note = make_note(cover=write_cover(tmp_path, color=(9, 99, 199)))
    recorder = Recorder()
    try:
        target.publish(note, {}, recorder)
    except RetryLater:
        pass  # the upload's answer was lost and it was not there yet: the next run finds it
    finally:
        os.killpg(strapi_server.pgid, signal.SIGCONT)
    assert session.frozen.is_set()
    assert session.uploads_sent == 1, "an unanswered upload is never sent again in the same run"
    assert note.cover is not None
    sha256 = note.cover.sha256
    wait_for(lambda: bool(uploads_named(strapi_server, sha256)))

    rerun = Recorder()
    target.publish(note, recorder.by_locale, rerun)  # the next run

    assert session.uploads_sent == 1
    copies = uploads_named(strapi_server, sha256)
    assert len(copies) == 1, json.dumps(copies)[:500]
    assert {pub.file_id for pub in rerun.calls} == {str(copies[0]["id"])}
    assert copies[0]["related"], "the one upload is the note's cover"


def test_gc_lists_then_deletes_only_publishers_unlinked_uploads(
    strapi_server: StrapiServer, tmp_path: Path
) -> None:
    settings = strapi_settings(strapi_server.url, strapi_server.token)
    target = StrapiTarget(settings, ["ru", "en"], "ru")
    linked = make_note(cover=write_cover(tmp_path, color=(1, 2, 250)))
    orphan = make_note(cover=write_cover(tmp_path / "o", color=(250, 2, 1)))
    target.publish(linked, {}, Recorder())
    remembered: list[int] = []
    target.uploads.cover(orphan, {}, lambda file_id, _sha: remembered.append(file_id))
    assert orphan.cover is not None and orphan.cover.file is not None
    someone_elses = ("someone-elses.png", orphan.cover.file.read_bytes(), "image/png")
    foreign = strapi_server.session().post(
        f"{strapi_server.url}/api/upload", files={"files": someone_elses}, timeout=10
    )
    foreign.raise_for_status()
    lines: list[str] = []

    listed = collect(gc_settings(strapi_server), apply=False, say=lines.append)

    assert remembered and remembered[0] in {u.file_id for u in listed.unused}
    assert foreign.json()[0]["id"] not in {u.file_id for u in listed.unused}
    assert listed.deleted == [] and uploads_named(strapi_server, MARK)
    assert lines[-1].endswith("run `publisher gc --apply` to delete them")

    applied = collect(gc_settings(strapi_server), apply=True, say=lines.append)

    assert {u.file_id for u in applied.deleted} == {u.file_id for u in listed.unused}
    assert not target.uploads.exists(remembered[0])
    assert target.uploads.exists(foreign.json()[0]["id"])
    assert linked.cover is not None
    assert [f["related"] != [] for f in uploads_named(strapi_server, linked.cover.sha256)] == [True]


def test_a_hostile_models_payloads_reach_no_strapi_field(
    strapi_server: StrapiServer, tmp_path: Path
) -> None:
    prefix = f"hostile-{uuid.uuid4().hex[:6]}"
    (tmp_path / "notes").mkdir()
    for n in range(2):
        write(tmp_path / "notes", f"{prefix}-{n}", marker=f"4{n}4{n}")
    with HostileAnthropic() as llm:
        env = env_for(tmp_path, strapi_server, llm)
        result = run_cmd(env, "run")
    assert result.returncode == 0, result.stdout + result.stderr

    for locale in ("ru", "en"):
        response = strapi_server.session().get(
            f"{strapi_server.url}/api/notes",
            params={
                "filters[external_id][$startsWith]": prefix,
                "locale": locale,
                "populate": "cover",
            },
            timeout=10,
        )
        response.raise_for_status()
        entries = response.json()["data"]
        assert len(entries) == 2
        for entry in entries:
            cover = entry["cover"] or {}
            texts = [
                entry["title"],
                entry.get("description") or "",
                *map(str, entry.get("tags") or []),
                cover.get("alternativeText") or "",
                cover.get("caption") or "",
            ]
            for text in texts:
                assert "<" not in text and "javascript:" not in text.lower(), text
            assert violations(entry["body"]) == [], entry["body"]
            assert CODE in entry["body"]
