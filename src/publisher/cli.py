"""The ``publisher`` command line.

Each command is a thin shell over the pipeline: parse options, load settings, call, print.
Heavy modules are imported inside the commands so ``publisher --help`` stays fast.
Exit codes are defined once in ``publisher.exitcodes`` and shown by ``--help``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from publisher.cli_run import LogFormat, run_notes
from publisher.cli_run import err as _err
from publisher.exitcodes import ExitCode, exit_code_help

if TYPE_CHECKING:
    from publisher.config import Settings

app = typer.Typer(
    help="Turn raw work notes into a bilingual (RU + EN) tech blog and publish it.",
    epilog="Exit codes:\n\n" + exit_code_help(),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        help="TOML config file (default: $PUBLISHER_CONFIG, else ./publisher.toml if present).",
    ),
]


def _settings(ctx: typer.Context) -> Settings:
    from publisher.config import load_settings
    from publisher.errors import ConfigError
    from publisher.masking import mask_output

    try:
        settings = load_settings(ctx.obj.get("config"))
    except ConfigError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(ExitCode.USAGE) from exc
    mask_output(settings)  # from here on, nothing printed shows a secret
    return settings


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        sys.stdout.write(f"publisher {version('publisher')}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    config: ConfigOption = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    ctx.obj = {"config": config}


@app.command()
def init(
    folder: Annotated[
        Path, typer.Argument(metavar="[DIR]", help="The blog folder (default: this one).")
    ] = Path(),
) -> None:
    """Start a blog folder: a commented publisher.toml and notes/ with one example note."""
    from publisher.scaffold import init_folder, next_steps

    try:
        done = init_folder(folder)
    except OSError as exc:
        _err(f"error: {folder}: {exc.strerror or exc}")
        raise typer.Exit(ExitCode.USAGE) from exc
    for path in done.created:
        sys.stdout.write(f"created {path}\n")
    for path in done.kept:
        sys.stdout.write(f"kept    {path} (already there)\n")
    sys.stdout.write(next_steps(folder) + "\n")


@app.command()
def run(
    ctx: typer.Context,
    dry_run: Annotated[bool, typer.Option(help="Show what would be done; change nothing.")] = False,
    limit: Annotated[int | None, typer.Option(min=1, help="Process at most N notes.")] = None,
    only: Annotated[str | None, typer.Option(help="Process only the note with this id.")] = None,
    batch: Annotated[
        bool, typer.Option(help="Submit new notes as one Message Batch (50% cheaper).")
    ] = False,
    concurrency: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="Notes in parallel (default: the `concurrency` setting)."),
    ] = None,
    log_format: Annotated[
        LogFormat,
        typer.Option(help="text, or json: one JSON object per note and a summary on stdout."),
    ] = "text",
    quiet: Annotated[bool, typer.Option(help="Print only failures and the summary.")] = False,
) -> None:
    """Publish every new or changed note (the cron entry point)."""
    settings = _settings(ctx)
    if concurrency is not None:
        settings.concurrency = concurrency
    code = run_notes(
        settings,
        only=only,
        limit=limit,
        dry_run=dry_run,
        batch=batch,
        log_format=log_format,
        quiet=quiet,
        title="publisher run --dry-run: the plan" if dry_run else "publisher run",
    )
    raise typer.Exit(code)


@app.command()
def publish(
    ctx: typer.Context,
    note_id: Annotated[str, typer.Argument(metavar="ID", help="The note's id.")],
    re_enrich: Annotated[
        bool, typer.Option(help="Call the LLM again instead of reusing the stored post.")
    ] = False,
    new_slug: Annotated[
        bool,
        typer.Option(help="Move the posts to addresses made from their current titles."),
    ] = False,
) -> None:
    """Re-publish one note even if unchanged (reuses the stored enrichment).

    A post keeps its address (slug) once published, even when its title changes, so links
    stay valid; --new-slug gives it a new one and removes the old page.
    """
    settings = _settings(ctx)
    title = f"publisher publish {note_id}" + (" --re-enrich" if re_enrich else " (stored post)")
    code = run_notes(
        settings, only=note_id, force=True, re_enrich=re_enrich, new_slug=new_slug, title=title
    )
    raise typer.Exit(code)


@app.command()
def preview(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="ID|PATH", help="A note id or a file path.")],
    no_llm: Annotated[
        bool, typer.Option("--no-llm", help="Show the selection, prompt and cost estimate.")
    ] = False,
    output: Annotated[
        Literal["json", "md"],
        typer.Option("--format", help="json: the EnrichedNote; md: both posts as read."),
    ] = "json",
    keep_cover: Annotated[
        Path | None, typer.Option(help="Copy the drawn cover into this folder.")
    ] = None,
) -> None:
    """Show what a note would become; nothing is stored, uploaded or published."""
    from publisher.errors import ConfigError, PublisherError, UsageError
    from publisher.preview import (
        enriched_preview,
        no_llm_payload,
        preview_covers,
        preview_markdown,
    )
    from publisher.preview import (
        keep_cover as kept,
    )
    from publisher.sources import find_note

    settings = _settings(ctx)
    try:
        note = find_note(settings, ref)
        with preview_covers(settings) as covers:
            if no_llm:
                payload = no_llm_payload(settings, note, covers)
                cover = kept(payload["cover"], keep_cover, note.id)
                payload["cover"] = cover.model_dump(mode="json") if cover else None
                sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
                return
            enriched = enriched_preview(settings, note, covers)
            enriched.cover = kept(enriched.cover, keep_cover, note.id)
    except (ConfigError, UsageError) as exc:
        _err(f"error: {exc}")
        raise typer.Exit(ExitCode.USAGE) from exc
    except PublisherError as exc:
        _err(f"error: {ref}: {exc}")
        raise typer.Exit(ExitCode.NEEDS_A_LOOK) from exc
    if output == "md":
        sys.stdout.write(preview_markdown(enriched, settings.locales))
    else:
        sys.stdout.write(enriched.model_dump_json(indent=2) + "\n")


@app.command("select")
def select_cmd(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            metavar="ID|PATH", help="A note id, a note file or an agent session (.jsonl)."
        ),
    ],
    explain: Annotated[
        bool, typer.Option(help="Show each kept line's number in the file, score and reason.")
    ] = False,
) -> None:
    """Print the lines the selector keeps, exactly as in the note, one per line."""
    from publisher.errors import SourceError, UsageError
    from publisher.selection_view import (
        EXPLAIN_HEADER,
        explain_lines,
        findings_summary,
        select_note,
    )

    settings = _settings(ctx)
    try:
        selection, offset, kinds = select_note(settings, ref)
    except UsageError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(ExitCode.USAGE) from exc
    except (OSError, SourceError) as exc:
        _err(f"error: {ref}: {exc}")
        raise typer.Exit(ExitCode.NEEDS_A_LOOK) from exc
    if explain:
        sys.stdout.write(f"# redacted: {findings_summary(kinds)}\n{EXPLAIN_HEADER}\n")
    lines = explain_lines(selection, offset) if explain else [x.text for x in selection.lines]
    sys.stdout.writelines(line + "\n" for line in lines)


@app.command()
def scan(
    ctx: typer.Context,
    refs: Annotated[
        list[str] | None,
        typer.Argument(metavar="[PATH|ID]...", help="Files, folders or note ids (default: all)."),
    ] = None,
) -> None:
    """List the secrets in notes (masked); exit 1 if any, so it works as a pre-commit hook."""
    from publisher.errors import SourceError
    from publisher.secret_scan import scan_refs

    settings = _settings(ctx)
    try:
        hits, refused = scan_refs(settings, refs or [])
    except SourceError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from exc
    for line in refused:
        _err(f"refused: {line}")
    for hit in hits:
        sys.stdout.write(f"{hit.note_id}\t{hit.path}:{hit.line}\t{hit.kind}\t{hit.masked}\n")
    files = len({hit.path for hit in hits})
    _err(f"{len(hits)} secret(s) in {files} file(s)" if hits else "no secrets found")
    raise typer.Exit(1 if hits or refused else 0)


@app.command()
def status(
    ctx: typer.Context,
    as_json: Annotated[
        bool, typer.Option("--json", help="Every field, uncut, as a JSON list.")
    ] = False,
) -> None:
    """Every note, the stage it has reached, and where its posts are (or why it waits)."""
    from publisher.status import status_rows
    from publisher.status_view import print_status, status_json

    rows = status_rows(_settings(ctx))
    if as_json:
        sys.stdout.write(status_json(rows) + "\n")
    else:
        print_status(rows)


@app.command("config")
def config_cmd(ctx: typer.Context) -> None:
    """Print the effective configuration, secrets masked."""
    from publisher.config import masked_dump

    sys.stdout.write(json.dumps(masked_dump(_settings(ctx)), indent=2, ensure_ascii=False) + "\n")


@app.command()
def schema() -> None:
    """Print the JSON Schema of EnrichedNote."""
    from publisher.models import EnrichedNote

    sys.stdout.write(json.dumps(EnrichedNote.model_json_schema(), indent=2) + "\n")


@app.command()
def gc(
    ctx: typer.Context,
    apply: Annotated[
        bool, typer.Option("--apply", "--yes", help="Delete them (default: only list them).")
    ] = False,
) -> None:
    """List cover uploads publisher made that no Strapi entry uses; --apply deletes them."""
    from publisher.errors import AuthError, ConfigError, ConfigStop, PublisherError
    from publisher.gc import collect

    settings = _settings(ctx)
    try:
        collect(settings, apply=apply, say=typer.echo)
    except (ConfigError, ConfigStop, AuthError) as exc:
        _err(f"error: gc: {exc}")
        raise typer.Exit(ExitCode.USAGE) from exc
    except PublisherError as exc:
        _err(f"error: gc: {exc}")
        raise typer.Exit(ExitCode.NEEDS_A_LOOK) from exc


@app.command()
def doctor(ctx: typer.Context) -> None:
    """Check the configuration, the LLM settings and the target, and say what to fix."""
    from publisher.doctor import run_checks

    checks = run_checks(_settings(ctx))
    for check in checks:
        mark = ("warn" if check.warning else "ok  ") if check.ok else "FAIL"
        line = f"{mark} {check.name}: {check.detail}"
        if (check.warning or not check.ok) and check.fix:
            line += f" -> {check.fix}"
        sys.stdout.write(line + "\n")
    raise typer.Exit(ExitCode.OK if all(check.ok for check in checks) else ExitCode.DOCTOR)


def main() -> None:
    app()
