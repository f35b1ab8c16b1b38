"""The run's decisions and its resume/idempotency guarantees, with fakes only at the paid edges."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from doubles import FakeCovers, FakeEnricher, GatedEnricher, write_note
from publisher.config import Settings
from publisher.errors import AuthError, InvalidOutput, NoteError, RetryLater
from publisher.models import EnrichedNote, Publication
from publisher.pipeline import Runner
from publisher.plan import Action, plan
from publisher.report.outcomes import Status
from publisher.services import Services
from publisher.source import load_notes as load_from
from publisher.state import StateStore
from publisher.targets.files import FilesTarget


def load_notes(settings: Settings, only: str | None = None):  # type: ignore[no-untyped-def]
    return load_from(settings.notes_dir, settings.max_note_bytes, only=only)


class CrashingTarget(FilesTarget):
    """Writes the first locale, then dies: a run killed half-way through a note."""

    def __init__(self, site_dir: Path, locales: list[str], error: Exception) -> None:
        super().__init__(site_dir, locales)
        self.error = error
        self.armed = True
        self.on_crash: Callable[[], None] = lambda: None

    def publish(self, note: EnrichedNote, previous: dict[str, Publication], record):  # type: ignore[no-untyped-def]
        if not self.armed:
            return super().publish(note, previous, record)

        def record_then_die(pub: Publication) -> None:
            record(pub)
            self.on_crash()
            raise self.error

        return super().publish(note, previous, record_then_die)


def make_runner(
    settings: Settings,
    enricher: FakeEnricher,
    covers: FakeCovers,
    target: FilesTarget | None = None,
) -> Runner:
    services = Services(
        state=StateStore.in_dir(settings.state_dir),
        target=target or FilesTarget(settings.site_dir, settings.locales),
        covers=covers,
        enricher_factory=lambda: enricher,
    )
    return Runner(settings, services)


def run_all(
    settings: Settings,
    enricher: FakeEnricher,
    covers: FakeCovers,
    target: FilesTarget | None = None,
    **kwargs: object,
):  # type: ignore[no-untyped-def]
    notes, problems = load_notes(settings)
    return make_runner(settings, enricher, covers, target).run(notes, problems, **kwargs)


def site_files(settings: Settings) -> list[str]:
    return sorted(
        str(p.relative_to(settings.site_dir)) for p in settings.site_dir.rglob("*") if p.is_file()
    )


def test_first_run_publishes_every_locale_with_the_cover(
    make_settings: Callable[..., Settings], fake_enricher: FakeEnricher, fake_covers: FakeCovers
) -> None:
    settings = make_settings()
    report = run_all(settings, fake_enricher, fake_covers)
    assert report.exit_code == 0
    assert report.count(Status.PUBLISHED) == 3
    assert sorted(fake_enricher.calls) == ["alpha", "beta", "gamma"]
    assert "ru/zametka-alpha/index.md" in site_files(settings)
    assert "en/note-alpha/cover.png" in site_files(settings)
    page = settings.site_dir / "ru/zametka-alpha/index.md"
    front = yaml.safe_load(page.read_text().split("---")[1])
    assert front["title"] == "Заметка alpha"
    assert front["external_id"] == "alpha"
    assert front["cover"]["image"] == "cover.png"
    assert report.usage.calls == 3
    assert report.usage.cost_usd == pytest.approx(3 * 0.0105)


def test_rerun_of_unchanged_notes_costs_nothing(
    make_settings: Callable[..., Settings], fake_enricher: FakeEnricher, fake_covers: FakeCovers
) -> None:
    settings = make_settings()
    run_all(settings, fake_enricher, fake_covers)
    before = {p: (settings.site_dir / p).stat().st_mtime_ns for p in site_files(settings)}
    fake_enricher.calls.clear()
    report = run_all(settings, fake_enricher, fake_covers)
    assert report.count(Status.UNCHANGED) == 3
    assert fake_enricher.calls == []
    assert report.usage.calls == 0
    after = {p: (settings.site_dir / p).stat().st_mtime_ns for p in site_files(settings)}
    assert after == before


def test_edited_note_is_re_enriched_and_updated_in_place(
    make_settings: Callable[..., Settings],
    fake_enricher: FakeEnricher,
    fake_covers: FakeCovers,
    notes_dir: Path,
) -> None:
    settings = make_settings()
    run_all(settings, fake_enricher, fake_covers)
    files = site_files(settings)
    path = notes_dir / "beta.md"
    path.write_text(path.read_text() + "Ещё одна строка.\n", encoding="utf-8")
    fake_enricher.calls.clear()
    report = run_all(settings, fake_enricher, fake_covers)
    assert fake_enricher.calls == ["beta"]
    assert report.count(Status.PUBLISHED) == 1 and report.count(Status.UNCHANGED) == 2
    assert site_files(settings) == files


def test_failed_publish_reuses_the_stored_enrichment(
    make_settings: Callable[..., Settings], fake_enricher: FakeEnricher, fake_covers: FakeCovers
) -> None:
    settings = make_settings()
    target = CrashingTarget(settings.site_dir, settings.locales, RetryLater("strapi: 502"))
    report = run_all(settings, fake_enricher, fake_covers, target)
    assert report.count(Status.PENDING) == 3
    assert report.exit_code == 1  # a service kept failing: cron must hear about it
    state = StateStore.in_dir(settings.state_dir)
    record = state.note("alpha")
    assert record is not None and record.stage == "enriched" and record.error_kind == "pending"
    assert state.publications("alpha", "files")["ru"].published_hash == record.content_hash

    target.armed = False
    fake_enricher.calls.clear()
    report = run_all(settings, fake_enricher, fake_covers, target)
    assert fake_enricher.calls == []
    assert report.count(Status.PUBLISHED) == 3
    assert report.usage.calls == 0
    assert len([f for f in site_files(settings) if f.endswith(".md")]) == 6


def test_rerun_after_a_crash_publishes_everything_exactly_once(
    make_settings: Callable[..., Settings], fake_covers: FakeCovers
) -> None:
    """A stage killed mid-publish stops the run like Ctrl-C; the next run resumes from state.

    The enricher is slowed on purpose: beta's LLM call is held in flight until alpha's publish
    has crashed, the case where a run used to return while the call was still running and the
    next run paid for beta again.
    """
    settings = make_settings(concurrency=1)
    target = CrashingTarget(settings.site_dir, settings.locales, KeyboardInterrupt())
    enricher = GatedEnricher(held={"beta"})
    target.on_crash = enricher.gate.set  # beta's call ends only after the crash
    notes, problems = load_notes(settings)
    report = make_runner(settings, enricher, fake_covers, target).run(notes, problems)
    assert report.interrupted and report.exit_code == 130
    assert len([f for f in site_files(settings) if f.endswith(".md")]) < 6
    paid_first = list(enricher.calls)
    assert "beta" in paid_first  # in flight at the crash: finished and saved, not abandoned
    target.armed = False
    report = run_all(settings, enricher, fake_covers, target)
    assert report.count(Status.PUBLISHED) == 3
    assert sorted(enricher.calls) == ["alpha", "beta", "gamma"]  # no note paid twice
    assert len([f for f in site_files(settings) if f.endswith(".md")]) == 6


def test_bad_note_fails_alone_with_its_name(
    make_settings: Callable[..., Settings],
    fake_enricher: FakeEnricher,
    fake_covers: FakeCovers,
    notes_dir: Path,
) -> None:
    (notes_dir / "broken.md").write_bytes(b"---\ntitle: [oops\n---\nbody\n")
    (notes_dir / "binary.md").write_bytes(b"\x00\x01\x02")
    settings = make_settings()
    report = run_all(settings, fake_enricher, fake_covers)
    failed = {o.note_id: o.detail for o in report.failed}
    assert set(failed) == {"broken", "binary"}
    assert "broken.md: front matter is not valid YAML" in failed["broken"]
    assert "binary file" in failed["binary"]
    assert report.count(Status.PUBLISHED) == 3
    assert report.exit_code == 1


def test_invalid_llm_output_is_not_retried_until_the_note_changes(
    make_settings: Callable[..., Settings], fake_covers: FakeCovers, notes_dir: Path
) -> None:
    enricher = FakeEnricher(fail={"beta": InvalidOutput("model returned invalid JSON twice")})
    settings = make_settings()
    report = run_all(settings, enricher, fake_covers)
    assert [o.detail for o in report.failed] == ["enrich: model returned invalid JSON twice"]
    enricher.calls.clear()
    report = run_all(settings, enricher, fake_covers)
    assert enricher.calls == []
    skipped = [o for o in report.outcomes if o.status == Status.SKIPPED]
    assert [o.note_id for o in skipped] == ["beta"]
    write_note(notes_dir, "beta", (notes_dir / "beta.md").read_text() + "edit\n")
    enricher.fail.clear()
    report = run_all(settings, enricher, fake_covers)
    assert enricher.calls == ["beta"]
    assert report.count(Status.PUBLISHED) == 1


def test_bad_credentials_stop_the_run(
    make_settings: Callable[..., Settings], fake_covers: FakeCovers
) -> None:
    enricher = FakeEnricher(
        fail={n: AuthError("anthropic: invalid x-api-key") for n in ("alpha", "beta", "gamma")}
    )
    settings = make_settings(concurrency=1)
    report = run_all(settings, enricher, fake_covers)
    assert report.stopped == "anthropic: invalid x-api-key"
    assert report.exit_code == 2
    assert len(enricher.calls) == 1
    assert report.count(Status.PENDING) == 3


def test_dry_run_changes_nothing(
    make_settings: Callable[..., Settings], fake_enricher: FakeEnricher, fake_covers: FakeCovers
) -> None:
    settings = make_settings()
    report = run_all(settings, fake_enricher, fake_covers, dry_run=True)
    assert report.count(Status.PLANNED) == 3
    assert report.estimate is not None and report.estimate.cost_usd == pytest.approx(3 * 0.0105)
    assert all("would call the LLM: ~1000 in" in o.detail for o in report.outcomes)
    assert fake_enricher.calls == [] and fake_covers.calls == []
    assert not settings.site_dir.exists()


def test_force_republishes_without_the_llm(
    make_settings: Callable[..., Settings], fake_enricher: FakeEnricher, fake_covers: FakeCovers
) -> None:
    settings = make_settings()
    run_all(settings, fake_enricher, fake_covers)
    fake_enricher.calls.clear()
    notes, _ = load_notes(settings, only="gamma")
    report = make_runner(settings, fake_enricher, fake_covers).run(notes, [], force=True)
    assert [o.status for o in report.outcomes] == [Status.PUBLISHED]
    assert fake_enricher.calls == []
    report = make_runner(settings, fake_enricher, fake_covers).run(notes, [], re_enrich=True)
    assert fake_enricher.calls == ["gamma"]


def test_deleted_cover_cache_is_redrawn_not_re_enriched(
    make_settings: Callable[..., Settings], fake_enricher: FakeEnricher, fake_covers: FakeCovers
) -> None:
    settings = make_settings()
    run_all(settings, fake_enricher, fake_covers)
    for png in fake_covers.cache_dir.glob("*.png"):
        png.unlink()
    fake_enricher.calls.clear()
    notes, _ = load_notes(settings, only="alpha")
    report = make_runner(settings, fake_enricher, fake_covers).run(notes, [], force=True)
    assert report.count(Status.PUBLISHED) == 1
    assert fake_enricher.calls == []


def test_plan_table() -> None:
    from publisher.models import RawNote
    from publisher.state import NoteRecord

    note = RawNote(id="n", path=Path("n.md"), body="b", content_hash="h2")
    enriched_h2 = EnrichedNote(
        note_id="n",
        content_hash="h2",
        source_path="n.md",
        primary_locale="ru",
        selection={"total_lines": 0, "lines": []},
        posts={},
    )

    def record(**kw: object) -> NoteRecord:
        base = dict(
            id="n",
            path="n.md",
            content_hash="h2",
            stage="enriched",
            enrichment=None,
            attempts=0,
            last_error=None,
            error_kind=None,
            failed_at=None,
            batch_id=None,
            updated_at="t",
        )
        base.update(kw)
        return NoteRecord.model_validate(base)

    both = ("ru", "en")
    assert plan(note, None, {}, both) == Action.ENRICH
    assert plan(note, record(content_hash="h1"), {}, both) == Action.ENRICH
    assert plan(note, record(enrichment=enriched_h2), {"ru": "h2"}, both) == Action.PUBLISH
    assert plan(note, record(enrichment=enriched_h2), {"ru": "h2", "en": "h2"}, both) == (
        Action.UNCHANGED
    )
    assert (
        plan(note, record(enrichment=enriched_h2), {"ru": "h2", "en": "h2"}, both, force=True)
        == Action.PUBLISH
    )
    failed = record(error_kind="failed", failed_at="enrich")
    assert plan(note, failed, {}, both) == Action.FAILED_EARLIER
    assert plan(note, failed, {}, both, force=True) == Action.ENRICH
    assert plan(note, record(batch_id="b1"), {}, both) == Action.IN_BATCH
    pending = record(error_kind="pending", failed_at="enrich")
    assert plan(note, pending, {}, both) == Action.ENRICH


def test_note_error_from_target_fails_that_note_only(
    make_settings: Callable[..., Settings], fake_enricher: FakeEnricher, fake_covers: FakeCovers
) -> None:
    settings = make_settings(concurrency=1)

    class PickyTarget(FilesTarget):
        def publish(self, note, previous, record):  # type: ignore[no-untyped-def]
            if note.note_id == "beta":
                raise NoteError("strapi: 400 ValidationError: slug must be unique")
            return super().publish(note, previous, record)

    report = run_all(
        settings, fake_enricher, fake_covers, PickyTarget(settings.site_dir, settings.locales)
    )
    assert [o.note_id for o in report.failed] == ["beta"]
    assert report.count(Status.PUBLISHED) == 2
    state = StateStore.in_dir(settings.state_dir)
    record = state.note("beta")
    assert record is not None and record.failed_at == "publish"
    # a publish failure is retried next run (no LLM cost), an enrich failure is not
    fake_enricher.calls.clear()
    report = run_all(settings, fake_enricher, fake_covers)
    assert fake_enricher.calls == []
    assert report.count(Status.PUBLISHED) == 1


def test_usage_of_a_failed_enrichment_is_still_counted(
    make_settings: Callable[..., Settings], fake_covers: FakeCovers
) -> None:
    from publisher.models import Usage

    error = InvalidOutput("answer was not valid JSON twice")
    error.usage = Usage(provider="fake", model="m", calls=2, input_tokens=4000, cost_usd=0.05)
    enricher = FakeEnricher(fail={"alpha": error})
    report = run_all(make_settings(), enricher, fake_covers)
    assert [o.note_id for o in report.failed] == ["alpha"]
    assert report.usage.calls == 2 + 2  # alpha's two failed calls + beta and gamma
    assert report.usage.cost_usd == pytest.approx(0.05 + 2 * 0.0105)


def test_publishing_overlaps_the_next_llm_call(
    make_settings: Callable[..., Settings], fake_covers: FakeCovers
) -> None:
    """With one LLM slot, note 2's LLM call runs while note 1 is being published."""
    import threading

    second_call = threading.Event()

    class SignallingEnricher(FakeEnricher):
        def enrich(self, note, selection):  # type: ignore[no-untyped-def]
            result = super().enrich(note, selection)
            if len(self.calls) == 2:
                second_call.set()
            return result

    overlapped: list[bool] = []

    class SlowTarget(FilesTarget):
        def publish(self, note, previous, record):  # type: ignore[no-untyped-def]
            if not overlapped:
                overlapped.append(second_call.wait(timeout=5))
            return super().publish(note, previous, record)

    settings = make_settings(concurrency=1)
    report = run_all(
        settings, SignallingEnricher(), fake_covers, SlowTarget(settings.site_dir, settings.locales)
    )
    assert overlapped == [True]
    assert report.count(Status.PUBLISHED) == 3
