"""What a run did: one Outcome per note (built by its Attempt) and the RunReport that sums them up.

The runner produces these; :mod:`publisher.report.console` prints them and the CLI turns
``RunReport.exit_code`` into the process's exit status.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import BaseModel, Field

from publisher.errors import AuthError, ConfigError, ConfigStop, PublisherError
from publisher.exitcodes import ExitCode
from publisher.locations import Location
from publisher.models import Usage
from publisher.plan import Action
from publisher.stale import StaleNote


class Status(StrEnum):
    PUBLISHED = "published"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    PENDING = "pending"
    SKIPPED = "skipped"
    PLANNED = "planned"
    BATCHED = "batched"


class Outcome(BaseModel):
    note_id: str
    status: Status
    action: Action | None = None
    detail: str = ""
    warnings: list[str] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    seconds: dict[str, float] = Field(default_factory=dict)
    path: str = Field(default="", description="the note's source file")
    locations: dict[str, Location] = Field(
        default_factory=dict, description="locale -> where the post is (site file, Strapi entry)"
    )


class RunReport(BaseModel):
    run_id: str
    outcomes: list[Outcome]
    usage: Usage
    stopped: str | None = None
    stop_code: ExitCode = Field(
        default=ExitCode.NEEDS_A_LOOK, description="the exit code when ``stopped`` is set"
    )
    stale: list[StaleNote] = Field(default_factory=list)
    seconds: float = 0.0
    warnings: list[str] = Field(default_factory=list, description="run-level, not per note")
    service_errors: list[str] = Field(
        default_factory=list, description="run-level service failures (a batch submission)"
    )
    estimate: Usage | None = Field(default=None, description="a dry run's LLM cost estimate")
    interrupted: bool = Field(default=False, description="Ctrl-C or SIGTERM stopped the run")
    saved_for_next_run: int = Field(
        default=0, description="LLM results paid for and saved in this run, not yet published"
    )

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == Status.FAILED]

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def exit_code(self) -> ExitCode:
        """Non-zero whenever a person should look: a silent outage must not exit 0."""
        if self.interrupted:
            return ExitCode.INTERRUPTED
        if self.stopped:
            return self.stop_code
        if self.failed or self.count(Status.PENDING) or self.stale or self.service_errors:
            return ExitCode.NEEDS_A_LOOK
        return ExitCode.OK


def stop_code(exc: PublisherError) -> ExitCode:
    """Refused credentials or a setting found wrong at run time are configuration errors;
    anything else that stops a run (a service down) needs a look at that service."""
    configuration = AuthError | ConfigError | ConfigStop
    return ExitCode.USAGE if isinstance(exc, configuration) else ExitCode.NEEDS_A_LOOK


@dataclass
class Attempt:
    """One note's progress through a run: where it is, how long each stage took, what it cost."""

    note_id: str
    path: str
    content_hash: str
    action: Action
    stage: str = "enrich"
    usage: Usage = field(default_factory=Usage)
    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        self.stage = stage
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = time.perf_counter() - started

    def outcome(
        self,
        status: Status,
        detail: str = "",
        warnings: list[str] | None = None,
        locations: dict[str, Location] | None = None,
    ) -> Outcome:
        return Outcome(
            note_id=self.note_id,
            status=status,
            action=self.action,
            detail=detail,
            warnings=warnings or [],
            usage=self.usage,
            seconds=self.seconds,
            path=self.path,
            locations=locations or {},
        )
