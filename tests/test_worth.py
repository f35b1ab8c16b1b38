"""Worth a post? The one LLM answer's verdict: skipped with its reason until the note changes,
shown by status, overridden by `publisher publish ID`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from doubles import FakeCovers, FakeEnricher, write_note
from publisher.config import Settings
from publisher.models import Enrichment, RawNote, Selection
from publisher.pipeline import Runner, Services
from publisher.report.outcomes import Status
from publisher.sources import scan_sources
from publisher.state import StateStore
from publisher.status import status_rows
from publisher.targets.files import FilesTarget

REASON = "only renames a variable"


class Judging(FakeEnricher):
    """Judges every note not worth a post, the way the model's answer would."""

    def enrich(self, note: RawNote, selection: Selection) -> Enrichment:
        answer = super().enrich(note, selection)
        return answer.model_copy(update={"worth_publishing": False, "worth_reason": REASON})


def run(settings: Settings, enricher: FakeEnricher, covers: FakeCovers, force: bool = False):  # type: ignore[no-untyped-def]
    scan = scan_sources(settings)
    services = Services(
        state=StateStore.in_dir(settings.state_dir),
        target=FilesTarget(settings.site_dir, settings.locales),
        covers=covers,
        enricher_factory=lambda: enricher,
    )
    try:
        return Runner(settings, services).run(scan.notes, scan.problems, force=force)
    finally:
        services.state.close()


def test_a_note_judged_not_worth_it_is_skipped_with_its_reason_and_never_re_asked(
    make_settings: Callable[..., Settings], fake_covers: FakeCovers, tmp_path: Path
) -> None:
    settings = make_settings()
    enricher = Judging()
    first = run(settings, enricher, fake_covers)
    assert {o.status for o in first.outcomes} == {Status.SKIPPED}
    assert all(REASON in o.detail for o in first.outcomes)
    assert not (tmp_path / "site").exists() or not list((tmp_path / "site").rglob("*.md"))
    calls = len(enricher.calls)

    again = run(settings, enricher, fake_covers)
    assert len(enricher.calls) == calls
    assert {o.status for o in again.outcomes} == {Status.SKIPPED}
    assert all(f"not worth a post: {REASON}" in o.detail for o in again.outcomes)

    rows = {row.note_id: row for row in status_rows(settings)}
    assert rows["alpha"].stage == "skipped"
    assert rows["alpha"].detail == REASON
    assert rows["alpha"].source == "notes"


def test_an_edit_asks_again_and_publish_overrides_the_verdict(
    make_settings: Callable[..., Settings], fake_covers: FakeCovers, notes_dir: Path
) -> None:
    settings = make_settings()
    enricher = Judging()
    run(settings, enricher, fake_covers)
    write_note(notes_dir, "alpha", "---\nid: alpha\n---\nОшибка 502 снова, теперь 1.2% запросов.\n")
    calls = len(enricher.calls)
    run(settings, enricher, fake_covers)
    assert enricher.calls[calls:] == ["alpha"]

    forced = run(settings, enricher, fake_covers, force=True)
    assert {o.status for o in forced.outcomes} == {Status.PUBLISHED}
    assert len(enricher.calls) == calls + 1  # the stored enrichment is published, no new call
    rows = {row.note_id: row for row in status_rows(settings)}
    assert rows["beta"].stage == "published"
