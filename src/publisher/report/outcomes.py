"""What a run did: one Outcome per note and the RunReport that sums them up.

The runner produces these; :mod:`publisher.report.console` prints them and the CLI turns
``RunReport.exit_code`` into the process's exit status.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from publisher.models import Usage
from publisher.plan import Action


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


class RunReport(BaseModel):
    run_id: str
    outcomes: list[Outcome]
    usage: Usage
    stopped: str | None = None
    seconds: float = 0.0
    warnings: list[str] = Field(default_factory=list, description="run-level, not per note")
    estimate: Usage | None = Field(default=None, description="a dry run's LLM cost estimate")

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == Status.FAILED]

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def exit_code(self) -> int:
        if self.stopped:
            return 2
        return 1 if self.failed else 0
