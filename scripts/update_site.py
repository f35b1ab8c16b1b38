#!/usr/bin/env python3
"""Re-publish stored notes to the configured target without calling the LLM.

A thin entry point over the same runner, state and target that ``publisher run`` uses: after
a CMS was wiped, a content type renamed or a token rotated, this pushes every stored post
again (``--all``) or one (``--note ID``). Exit codes as for ``publisher``: 0, 1, 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--note", metavar="ID", help="re-publish this note")
    which.add_argument("--all", action="store_true", help="re-publish every stored note")
    parser.add_argument(
        "--config",
        type=Path,
        help="TOML config (default: $PUBLISHER_CONFIG, else ./publisher.toml)",
    )
    args = parser.parse_args(argv)

    from publisher.config import load_settings
    from publisher.errors import ConfigError
    from publisher.republish import republish_stored

    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return republish_stored(settings, None if args.all else [args.note])


if __name__ == "__main__":
    sys.exit(main())
