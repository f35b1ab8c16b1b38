"""Record genuine Claude Code session files with the real CLI and a scripted Messages API.

    npm install --prefix /tmp/cc @anthropic-ai/claude-code   # 2.1.197 was used
    .venv/bin/python tests/data/sessions/make_claude_code_fixtures.py \
        /tmp/cc/node_modules/.bin/claude

The CLI runs with HOME in a temporary folder and ANTHROPIC_BASE_URL pointing at
``tests/fakes/agent_api.py``; the tools it calls (Bash, Read, Edit, Agent) really run in a small
throw-away project, so every tool result in the files is what the CLI itself recorded. The
session files are copied to ``claude_code/`` next to this script, named after their story.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from fakes.agent_api import FakeAgentAPI, Script  # noqa: E402

INVOICE = '''def total(prices):
    """Sum of line prices, rounded to cents."""
    return round(sum(prices), 2)
'''
CHECK = """from invoice import total

got = total([2.675])
print("total:", got)
assert got == 2.68, f"expected 2.68, got {got!r}"
print("ok")
"""
REPLAY = """import sys
for i in range(1, 301):
    print(f"2026-11-30 10:{i // 60:02d}:{i % 60:02d} INFO replay: batch {i} applied, lag=12ms")
print("2026-11-30 10:05:01 ERROR replay: batch 301 rejected: duplicate key value violates "
      "unique constraint \\"payments_idempotency_key\\"", file=sys.stderr)
sys.exit(1)
"""
DOTENV = (
    "DATABASE_URL=postgres://app:s3cr3t-Pa55@db.internal:5432/app\n"
    "GITHUB_TOKEN=ghp_Q7mZt2LkP9xW4vB8nR3cY6dF1hJ5sA0eK2uG\n"
)
THOUGHT = "PRIVATE-THINKING: the user probably did not run the tests locally; maybe blame CI."


def en_script() -> Script:
    return [
        [
            {"type": "thinking", "thinking": THOUGHT},
            {"type": "text", "text": "Let me run the check to see the failure."},
            {
                "type": "tool_use",
                "name": "Bash",
                "input": {"command": "python3 check.py", "description": "Run the invoice check"},
            },
        ],
        [
            {"type": "text", "text": "2.675 became 2.67. Let me read invoice.py."},
            {"type": "tool_use", "name": "Read", "input": {"file_path": "{proj}/invoice.py"}},
        ],
        [
            {
                "type": "text",
                "text": "Root cause: 2.675 is stored as the binary float "
                "2.67499999999999982236431605997495353221893310546875, so `round(x, 2)` rounds "
                "it down to 2.67. I'll sum `Decimal` values and round half-up.",
            },
            {
                "type": "tool_use",
                "name": "Edit",
                "input": {
                    "file_path": "{proj}/invoice.py",
                    "old_string": "    return round(sum(prices), 2)\n",
                    "new_string": "    from decimal import ROUND_HALF_UP, Decimal\n\n"
                    "    exact = sum(Decimal(str(p)) for p in prices)\n"
                    '    return float(exact.quantize(Decimal("0.01"), ROUND_HALF_UP))\n',
                },
            },
        ],
        [
            {
                "type": "tool_use",
                "name": "Bash",
                "input": {"command": "python3 check.py", "description": "Re-run the check"},
            },
        ],
        [
            {"type": "tool_use", "name": "Read", "input": {"file_path": "{proj}/receipt.png"}},
        ],
        [
            {
                "type": "text",
                "text": "Fixed: the check now prints `total: 2.68` and `ok`, and "
                "the receipt image shows the same 2.68.",
            },
        ],
    ]


def ru_script() -> Script:
    return [
        [
            {"type": "thinking", "thinking": "PRIVATE-THINKING: скорее всего гонка при записи."},
            {"type": "text", "text": "Запущу повтор событий и посмотрю, где он падает."},
            {
                "type": "tool_use",
                "name": "Bash",
                "input": {"command": "python3 replay.py", "description": "Повтор событий"},
            },
        ],
        [
            {
                "type": "text",
                "text": "Падение на батче 301: дубликат ключа идемпотентности. "
                "Проверю конфигурацию окружения.",
            },
            {
                "type": "tool_use",
                "name": "Bash",
                "input": {"command": "cat .env", "description": "Конфигурация"},
            },
        ],
        [
            {
                "type": "text",
                "text": "Поручу поиск места, где генерируется ключ, отдельному агенту.",
            },
            {
                "type": "tool_use",
                "name": "Agent",
                "input": {
                    "description": "Find idempotency key",
                    "prompt": "SUBAGENT: find where the idempotency key is built in this project",
                    "subagent_type": "general-purpose",
                },
            },
        ],
        [
            {
                "type": "text",
                "text": "Причина найдена: ключ строится из номера батча без "
                "идентификатора клиента, поэтому два клиента с батчем 301 дают один и тот же ключ. "
                "Исправление — добавить client_id в ключ.",
            },
        ],
    ]


def subagent_script() -> Script:
    return [
        [
            {
                "type": "tool_use",
                "name": "Bash",
                "input": {"command": "grep -n key replay.py", "description": "Search"},
            },
        ],
        [
            {"type": "text", "text": "The key is the batch number alone (no client id)."},
        ],
    ]


def write_project(proj: Path) -> None:
    proj.mkdir(parents=True, exist_ok=True)
    (proj / "invoice.py").write_text(INVOICE)
    (proj / "check.py").write_text(CHECK)
    (proj / "replay.py").write_text(REPLAY)
    (proj / ".env").write_text(DOTENV)
    (proj / "receipt.png").write_bytes(tiny_png())


def tiny_png() -> bytes:
    """A valid 2x2 PNG, so the Read tool returns a real image block."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def run_cli(claude: str, home: Path, proj: Path, url: str, *args: str) -> None:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "ANTHROPIC_BASE_URL": url,
        "ANTHROPIC_API_KEY": "sk-ant-fake",
        "DISABLE_TELEMETRY": "1",
        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
    }
    tools = "Bash,Read,Edit,Agent"
    command = [claude, "--allowedTools", tools, *args]
    subprocess.run(command, cwd=proj, env=env, check=True, timeout=180)


def newest_session(home: Path) -> Path:
    return max((home / ".claude" / "projects").glob("*/*.jsonl"), key=os.path.getmtime)


def main(claude: str) -> None:
    out = HERE / "claude_code"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cc-fixtures-") as tmp:
        home, proj = Path(tmp) / "home", Path(tmp) / "billing"
        home.mkdir()
        write_project(proj)
        scripts = {
            "The invoice check fails": en_script(),
            "Повтор событий падает": ru_script(),
            "SUBAGENT:": subagent_script(),
        }
        scripts = json.loads(json.dumps(scripts).replace("{proj}", str(proj)))
        with FakeAgentAPI(scripts, fallback="Summary: invoice rounding fixed.") as api:
            run_cli(
                claude,
                home,
                proj,
                api.url,
                "-p",
                "The invoice check fails: expected 2.68. Find out why and fix it.",
            )
            first = newest_session(home)
            run_cli(claude, home, proj, api.url, "-p", "--resume", first.stem, "/compact")
            run_cli(
                claude,
                home,
                proj,
                api.url,
                "-p",
                "Повтор событий падает на середине, разберись почему.",
            )
        sessions = sorted((home / ".claude" / "projects").rglob("*.jsonl"), key=os.path.getmtime)
        for path in sessions:
            target = out / path.relative_to(home / ".claude" / "projects")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
            print(target)


if __name__ == "__main__":
    main(sys.argv[1])
