"""``publisher doctor``: every check a new install needs, each with what to fix."""

from __future__ import annotations

import os

from publisher.config import Settings
from publisher.doctor_llm import llm_check
from publisher.errors import ConfigError
from publisher.targets.base import DoctorCheck


def _writable(path: os.PathLike[str] | str) -> bool:
    try:
        os.makedirs(path, exist_ok=True)
    except OSError:
        return False
    return os.access(path, os.W_OK)


def local_checks(settings: Settings) -> list[DoctorCheck]:
    from publisher.enrich import require_llm

    checks = [
        DoctorCheck(
            "notes dir",
            settings.notes_dir.is_dir(),
            str(settings.notes_dir),
            "create it or set notes_dir / PUBLISHER_NOTES_DIR",
        ),
        DoctorCheck(
            "state dir",
            _writable(settings.state_dir),
            str(settings.state_dir),
            "make it writable or set state_dir / PUBLISHER_STATE_DIR",
        ),
        DoctorCheck(
            "prompts",
            settings.llm.prompts_folder.is_dir(),
            str(settings.llm.prompts_folder),
            "set llm.prompts_dir to a folder of prompt files, or remove it to use the shipped ones",
        ),
    ]
    try:
        require_llm(settings)
    except ConfigError as exc:
        checks.append(DoctorCheck("llm", False, str(exc), "see docs/providers.md"))
    else:
        # The settings look complete: now ask the service itself (key, model name, reachable).
        checks.append(llm_check(settings))
    return checks


def run_checks(settings: Settings) -> list[DoctorCheck]:
    from publisher.wiring import build_target

    return [*local_checks(settings), *build_target(settings).doctor()]
