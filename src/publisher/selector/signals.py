"""Word lists and patterns that tell a story line from noise, in English and Russian.

Words are matched by prefix on lowercased word tokens so that one stem covers Russian
inflections ("исправил", "исправление") and English forms ("fixed", "fixes") alike. Keep the
stems general: they describe how engineers write about problems, never a particular note.
"""

from __future__ import annotations

import re

from publisher.selector.forms import INSTALL

# category -> (weight, human reason)
CATEGORIES: dict[str, tuple[float, str]] = {
    "cause": (2.0, "root cause"),
    "fix": (1.6, "fix"),
    "result": (1.3, "conclusion"),
    "decision": (1.2, "decision"),
    "symptom": (1.0, "symptom"),
    "check": (0.9, "check / hypothesis"),
}

_STEMS: dict[str, str] = {
    "cause": """
        because cause caused causes culprit reason leak leaked leaks leakage race racing
        deadlock blocking blocks blocked starv exhaust misconfig regression overflow expired
        причин потому из-за оказал виноват утечк утёк гонк блокир исчерпа зашит забыл осталось
        осталс
    """,
    "fix": """
        fix fixed fixes fixing solution solved resolv replac switch changed change added adding
        removed dropped revert patch workaround mitigat upgrad downgrad migrat rewrot rewrit
        moved enabled disabled instead
        фикс исправ починил почин замен поменял добавил убрал перевёл перевел выключил включил
        откатил вместо переписал вынес решени решает
    """,
    "result": """
        result results lesson conclusion summary takeaway overall total finally afterwards
        deployed improv faster slower fell rose recovered succeed unchanged
        итог урок вывод результат после стало было быстрее медленнее упал вырос снизил ускор
        восстанов выкатил выкат неделя
    """,
    "decision": """
        decided decide chose choose option options tradeoff trade-off alternatives prefer picked
        выбрал решил вариант варианты выбор
    """,
    "symptom": """
        error errors fail failed fails failing failure crash timeout timed slow latency p99 p95
        lag hang hangs stuck broken broke missing duplicate twice spike jumped degrad refused
        rejected denied cannot unable
        ошибк падает упало упала падал сломал тормоз медлен завис дубл дважды отстаёт отстает
        теря отдавал таймаут жалоб
    """,
    "check": """
        suspect hypothes maybe probably guess assum checked check verif confirm tested reproduc
        measur profil compared noticed found shows showed looks seems
        подозр гипотез похоже проверил проверк подтверд воспроизв исключил сравнил замерил нашёл
        нашел видно смотрю первое второе
    """,
}

# Two-word phrases: an exact first word and a stem of the second -> category.
PHRASES: dict[str, dict[str, str]] = {
    "root": {"cause": "cause"},
    "due": {"to": "cause"},
    "turns": {"out": "cause"},
    "turned": {"out": "cause"},
    "дело": {"в": "cause"},
    "так": {"как": "cause"},
    "ruled": {"out": "check"},
    "went": {"with": "decision"},
    "в": {"итоге": "result"},
    "не": {"работа": "symptom", "приход": "symptom", "оно": "check", "помог": "check"},
}

MIN_STEM, MAX_STEM = 3, 10


def _stem_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for category, stems in _STEMS.items():
        for stem in stems.split():
            table.setdefault(stem, category)
    return table


STEMS = _stem_table()

# Prose that only narrates what the assistant is about to do carries no fact.
CHATTER_RE = re.compile(
    r"^(?:i'll|i will|let me|let's|now let me|now i'll|sure|okay|ok[,.!]|great|perfect|thanks|"
    r"thank you|got it|done[.!]?$|looks good|посмотрю|сейчас|давай|хорошо|готово|понял|отлично|"
    r"спасибо|ок[,.!])",
    re.IGNORECASE,
)

# Words of lowercased text: runs of Latin, Greek or Cyrillic letters (notes are Russian and
# English). Explicit ranges scan almost twice as fast as "[^\W\d_]", which asks the Unicode
# database about every character. The repeats are possessive: nothing follows them that
# could need a shorter run, so the matches are the same, and the engine keeps no
# backtracking state per word (14 % fewer instructions for the search, 0.4 % of the pass).
LETTER = "a-zß-öø-ÿ\u0100-\u024f\u0370-\u03ff\u0400-\u04ff"
WORD_RE = re.compile(f"[{LETTER}][{LETTER}]++(?:-[{LETTER}]++)*+")
CYRILLIC_RE = re.compile(r"[а-яёА-ЯЁ]")
ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")

# A number followed by a unit: the figures a post quotes ("4.2s", "61%", "1,520 img/s").
# The engine jumps straight to the next candidate position only when a pattern starts with
# one character class: so patterns searched in every line start with one (no leading
# look-behind, no IGNORECASE; the text is lowercased instead; "{2,}" written as "xx+").
# The digit runs are possessive: no unit starts with a digit, "," or ".", so giving back
# part of a run can never let a unit match (same matches, 15 % less time on dev lines).
NUMBER_UNIT_RE = re.compile(  # units grouped by their first letter: fewer alternatives to try
    r"[0-9](?:(?<![\w.][0-9])[0-9,.]*+\s?(?:m(?:s|in(?:s|utes?)?|b|ib)?|s(?:ec(?:s|onds?)?)?|"
    r"[µμun]s|h(?:ours?)?|d(?:ays?)?|%|x|[gkt]b|gib|k|r(?:eq/s|ps|ows?|ecords?)|qps|img/s|it/s|"
    r"ops|м(?:с|ин)|с(?:ек|трок)?|ч(?:аса?)?|дн(?:ей)?|запис\w*|раз)(?![\w/])|[0-9]*+m[0-9]++s)"
)
DIGIT_RE = re.compile(r"\d")
# "4.6 s → 179 ms", "500 -> 2000", "from 410 to 1,520", "0.901 vs 0.899", "с 14 до 4".
ARROW_RE = re.compile(r"\d[^\d→\n]{0,24}(?:→|->|=>|⇒)\s*[~≈]?\d")
BEFORE_AFTER_WORDS = (" to ", " vs", " до ", "before", "было")
# Matched on lowercased text, each form behind a word it cannot match without: none starts
# with a fixed character, so a search tries every position of the line, and " to " lets
# most sentences through the gate above.
BEFORE_AFTER: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("from", re.compile(r"\bfrom\s+[~≈]?\d[\d.,]*\S*\s+to\s+[~≈]?\d")),
    ("vs", re.compile(r"\d\S*\s+vs\.?\s+\d")),
    ("до", re.compile(r"\bс\s+[~≈]?\d[\d.,]*\S*\s+до\s+[~≈]?\d")),
    ("before", re.compile(r"\bbefore\b.*\bafter\b")),
    ("было", re.compile(r"\bбыло\b.*\bстало\b")),
)

PROGRESS_BLOCKS_RE = re.compile(r"[█▏▎▍▌▋▊▉■━▇▆▅▄▃▂▁][█▏▎▍▌▋▊▉■━▇▆▅▄▃▂▁]{3,}")
# Each form behind a string it cannot match without (as ``BEFORE_AFTER``).
PROGRESS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("%|", re.compile(r"\d+%\|[^|]*\|")),
    ("[", re.compile(r"\[[=#>\-. ]{8,}\]")),
    ("/", re.compile(r"\b\d+(?:\.\d+)?\s?(?:it/s|s/it)\b")),
    ("eta ", re.compile(r"\beta \d+:\d\d")),
    ("<", re.compile(r"\d+/\d+ \[\d\d:\d\d<")),
)
# Each gate below (a look-ahead in front of a line form) only says what every match of the
# form starts with, so it changes no match; it spares the engine trying each alternative in
# turn on a line that cannot start one (most lines are prose). Case-insensitive forms need
# it most: their first letter is a case test the engine cannot skip cheaply.
TOOL = (
    r"(?=[⏺⎿☐☒✻✶✢·(<\[`*trelsgc])"  # gate: the first characters of the forms below
    r"(?:⏺\s*(?:bash|read|update|write|edit|multiedit|grep|glob|search|task|webfetch|"
    r"websearch|todowrite|ls|notebookedit|list)\(|⏺\s*update todos|⎿\s+(?:read \d+ lines|"
    r"updated \S+ with|wrote \d+ lines|found \d+ files?|☐|☒|no (?:matches|files) found)|"
    r"[☐☒✻✶✢·]\s|\(ctrl\+\w to expand\)|<(?:/?function_calls|/?invoke|/?parameter|"
    r"/?antml|tool_use|/?tool_result)|tool (?:use|call|result):|running tool|"
    r"\[tool:|```(?:tool|json tool)|(?:ran terminal command|read file|edited file|searched files|"
    r"searched codebase|listed directory|grepped codebase|created file):|"
    r"\*\*(?:user|assistant|cursor|claude|human|ai|me|я|ассистент)\*\*:?$)"
)
HEX_PAIRS = r"[0-9a-fA-F][0-9a-fA-F][ :]?(?:[0-9a-fA-F]{2}[ :]?){23,}"
BLOB_RE = re.compile(rf"[A-Za-z0-9+/=_\-]{{60,}}|{HEX_PAIRS}|[0-9a-fA-F]{{40,}}")
HEX_PAIRS_RE = re.compile(HEX_PAIRS)
HEXDUMP = r"[0-9a-fA-F]{4,16}:?\s+(?:[0-9a-fA-F]{2,4}\s+){4,}"
JSON = r'(?:"[^"]{1,80}"\s*:\s*(?:[-\d"\[{tfn]|$)|[\[\]{}],?$|[\]}]+,?$)'

# Stack frames. A frame is the app's own unless its path or module says it is a library.
PY_FRAME = r'File "(?P<py_path>[^"]+)", line \d+'
# "path/to/module.py:3186: SomeWarning: ..." as printed by Python's warnings module.
SOURCE_WARNING = r"(?P<warning_path>\S+\.\w{1,5}):\d+:(?:\d+:)? \w*(?:Warning|Deprecat\w*):"
TRACE_BOILERPLATE = (
    r"(?i:(?=[tdwgc^~.\[])"  # gate
    r"(?:traceback \(most recent call last\)|during handling of the above exception|"
    r"the above exception was the direct cause|\^+$|~*\^+~*$|\.\.\. \d+ more$|"
    r"\[\.\.\. skipping|warnings\.warn\(|goroutine \d+ \[[\w ,]+\]:$|created by \S+ in goroutine))"
)
# Frames of other languages: Java/JS "at …", Go, Rust, gdb/sanitizer "#3 0x… in", PHP
# "#3 /app/x.php(63): …".
OTHER_FRAME = (
    r"(?:at\s+[\w$.<>\[\]/:@-]+\s*\(|at\s+[\w$.<>/-]+:\d+|\d+:\s+0x[0-9a-f]+ - |"
    r"#\d+\s+0x[0-9a-f]+ in |#\d+ (?:\{main\}|\S+\(\d+\): )|"
    r"\s*[\w./-]+\.(?:go|rs|rb|php|cs|swift|kt):\d+(?::\d+)?\s*(?:\+0x|$)|"
    r"\d+:\s+0x[0-9a-f]+ |\d+:\s+[\w<>{}$&*\[\] ,.]*?::[\w<>{}$&*\[\] ,.:]+$|"
    r"[\w./*()-]+\.\(?\*?\w+\)?(?:\.\w+)?\((?:0x[0-9a-f]+\??|\.\.\.|\{[^}]*\}|[, ])*\)$)"
)
LIB_PATH_RE = re.compile(
    r"site-packages|dist-packages|/lib/python\d|<frozen|/usr/lib/|/usr/local/lib/|node_modules|"
    r"node:internal|/usr/local/go/|/go/pkg/mod/|/rustc/|\.cargo/registry|"
    r"^at (?:java|javax|jdk|sun|kotlin|kotlinx|scala|akka|org\.springframework|org\.apache|"
    r"org\.hibernate|org\.junit|io\.netty|io\.reactivex|reactor\.|com\.fasterxml|com\.google|"
    r"com\.sun|okhttp3|retrofit2|android\.|androidx\.|dalvik\.|System\.|Microsoft\.)|"
    r"^at (?:new )?(?:Module|Object|Function|Promise|process|node:|async Promise)|"
    r"runtime/|runtime\.|/opt/conda/|anaconda|\.venv/|/venv/|/vendor/|/gems/|/rbenv/|"
    r"/usr/include/|libsanitizer/|/nptl/|/sysdeps/|"  # C/C++ system headers, libc, sanitizers
    r"^\d+:\s+(?:0x[0-9a-f]+ |(?:<?(?:std|core|alloc|tokio|futures\w*|hyper|tower|parking_lot\w*|"
    r"rayon|tracing\w*|serde\w*|node|v8)::))|^(?:net/http|net|internal/\w+|bufio|io|os|sync|"
    r"syscall|crypto/\w+|encoding/\w+|reflect|testing)\.",
)
# Two look-aheads that only say what a match needs, so they change no match: a dotted name
# such as `KeyError` is a run of [\w.] that ends the line or a ":" (not so in most lines,
# whose first word is followed by a space), and the other forms start with one of six letters.
# Without them the engine tried each suffix at every end of the first word, and each form in
# turn: this alternative cost more than a quarter of the line-start pattern (4.1M → 1.0M
# instructions per dev pass).
EXCEPTION = (
    r"(?i:(?=[\w.]++(?::|$))(?:[\w.]+\.)?[A-Z]\w*"
    r"(?:Error|Exception|Warning|Fault|Panic|Failure|Exit)\b(?::|$)|"
    r"(?=[cpfetu])(?:caused by:|panic:|fatal(?: error)?:|error(?:\[\w+\])?:|"
    r"thread '.*' panicked|uncaught |unhandled ))"
)
# "==61730==ERROR: AddressSanitizer: …": sanitizers prefix their report with the process id.
ERROR_START = r"npm ERR!|npm error|ERROR|E |error\[|FAILED|FAIL |==\d+==ERROR:"
LOG_PREFIX = (
    r"(?=[\[\dA-Zl])"  # gate of the first form (its bracket repeat is costly to set up)
    r"(?:\[[^\]]{1,80}\]\s*){0,2}\[?(?:\d{4}-\d\d-\d\d[T ]\d\d:\d\d|\d\d:\d\d:\d\d|"
    r"\[?\d{4}/\d\d/\d\d|[A-Z][a-z]{2} [ \d]\d \d\d:\d\d|\d{10}(?:\.\d+)?\s|"
    r"(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|CRITICAL|FATAL|I|W|E)[\s:\]|]|level=)|"
    # Ansible's run log: "TASK [nginx : restart] ****", "changed: [web-03]", "fatal: [db-1]: …"
    r"(?:TASK|PLAY|RUNNING HANDLER|PLAY RECAP)\b[^*]*\*\*\*|"
    r"(?:ok|changed|skipping|included|fatal|failed|unreachable): \[|"
    # kubectl logs --prefix's pod: "[pod/api-7d9c/app] "
    r"\[pod/[^\]\s]{1,120}\] "
)
LOG_LEVEL_BAD_RE = re.compile(
    r"\b(?:WARN|WARNING|ERROR|ERR|CRITICAL|FATAL|SEVERE|PANIC)\b|level=(?:warn|error|fatal)|"
    r"^(?:fatal|failed|unreachable): \[|^E\s"
)
DIFF = r"(?:\d+\s+)?(?P<sign>[+-])(?![+-]{2})\s*\S"
DIFF_HEADER = (
    r"diff --git |index [0-9a-f]{6,}\.\.[0-9a-f]{6,}|--- (?:a/|/dev/null)|"
    r"\+\+\+ (?:b/|/dev/null)|@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@"
)
# "-rw-r--r--  1 dev staff 4181 app.py": an `ls -l` row, not a removed line.
PERMISSIONS = r"[-dlcbps][-r][-w][-xsStT][-r][-w][-xsStT][-r][-w][-xsStT][@+.]?\s"
CONFIG_RE = re.compile(
    r"^[\"']?[\w.\-\[\]\"'/]{1,60}[\"']?\s*(?:=|:)\s*\S.{0,80}$|^(?:export |set |SET |ENV |ARG )\S"
)
FIX_HEADER_RE = re.compile(
    r"^(?:#+\s*)?(?:\*\*)?(?:the\s+|real\s+|quick\s+)?(?:fix|fixes|solution|changes|"
    r"what we changed|what changed|mitigation|remediation|action items|next steps|фикс|"
    r"исправлени|решение|"
    r"что меняем|что поменял|что сделал|изменения|план|"
    # "Here is the new config:", "Итоговый конфиг:" introduce the change without naming it
    r"(?:here(?:'s| is) )?(?:the |our )?(?:new|updated|final|fixed|corrected|resulting|patched)\s+"
    r"(?:config\w*|settings|code|version|values|setup|manifest)|"
    r"(?:итогов|нов|исправленн|обновл[её]нн|правильн)\w*\s+(?:конфиг|настройк|код|верси|манифест)\w*)"
    r"\b[^.]{0,40}:\s*(?:\*\*)?$",
    re.IGNORECASE,
)
RESULT_HEADER_RE = re.compile(
    r"^(?:#+\s*)?(?:results?|outcome|after|before|итог\w*|результат\w*|после|проверка|check|"
    r"verification|benchmark|numbers|цифры)\b[^.]{0,60}:\s*$",
    re.IGNORECASE,
)
HEADING = r"#{1,6}\s+\S"
LIST = r"(?:[-*•+]\s+|\d{1,2}[.)]\s+)"
LIST_RE = re.compile("^" + LIST)
SHELL = r"(?:\$|#|>>>|\w+@[\w.-]+[:~][^$#]*[$#]|PS [A-Z]:\\[^>]*>|❯|➜)\s"
TABLE_SEP = r"[\s|:+\-=─━┼┤├┬┴┌┐└┘│]+$"

# Source code: a keyword that starts a statement, an assignment, or a call with a block end.
CODE_RE = re.compile(
    r"^(?:(?:async\s+)?def |class \w|return\b|import |from [\w.]+ import |const |let |var |"
    r"func |fn |pub |impl |use [\w:]+|package |#include|(?:else\s*)?if\s*\(|if .*[:{]$|"
    r"for .*[:{]$|while .*[:{]$|try\s*[:{]|except\b|catch\s*\(|finally\s*[:{]|elif |else\s*[:{]|"
    r"switch\s*\(|case .*:$|with .*:(?:\s+#.*)?$|@\w+|}\s*(?:else|catch)?|\w+ := )|"
    r"^[A-Za-z_\"'(][\w.\[\]\"'()]*\s*(?:[+\-*/|&]?=|:=)\s*\S.*[(\[{].*$|^[\w.]+\(.*\)[;,]?$"
)
CODE_ENDS = (";", "{")  # a statement or block end is code too; endswith beats a ".*[;{]$" scan
# A trailing comment explains the line it is on: "atomic = False   # required for CONCURRENTLY".
COMMENT_RE = re.compile(r"\S\s{2,}(?:#|//|--)\s*\w")
CODE_SYMBOL_RE = re.compile(r"[(){}\[\];=<>:.,\"'`_/\\|&*+]")
COMMENT_MARKS = ("#", "//", "--")  # cheap gate: no mark, no comment

# Identifiers that prose talks about (`num_workers`, max.poll.interval.ms, APNS_SANDBOX): a
# config or code line that sets one of them is likely the change the text is about.
IDENTIFIER_RE = re.compile(  # findall: (name, "") or ("", name quoted in backticks)
    r"(?<![\w.])((?<!-)[A-Za-z_][A-Za-z0-9]*+(?:[._\-][A-Za-z0-9]+)+(?![\w(])|"
    r"[a-z]++[A-Z][A-Za-z0-9]+(?![\w(]))|`([^`\s]{3,40})`"
)
# The key a config or code line sets: "max-poll-records: 100", "num_workers=0,", "+ atomic = False".
KEY_RE = re.compile(r"^[\s\d:+\-|>⎿]*[\"']?([A-Za-z_][\w.\-]*)[\"']?\s*(?::=|[+\-*/]?=|:)(?!:)")

# One passing test per line: volume, not story (a failing one is an error line).
TEST_PASS_END = ("PASSED", "PASS", " ok", "%]")
TEST_PASS_END_RE = re.compile(r"\s(?:PASSED|PASS|ok)\s*(?:\[\s*\d+%\])?$")
TEST_PASS_START = (
    r"(?:✓|✔|√)\s|test \S+ \.\.\. ok$|ok\s+\S+\s+[\d.]+s$|--- PASS:|=== RUN|"
    r"\[\s*(?:OK|PASSED)\s*\]|PASS\s"
)
# "... and keepalive = 75" in a sentence names the setting just as a backticked identifier does.
ASSIGNMENT_RE = re.compile(r"([A-Za-z_][\w.\-]*+)\s*(?:=|:=)\s*[\w\"'.\-]")

# What a line starts with, each pattern tried in turn at the start of the line, in one call:
# the first alternative that matches names the line (``match.lastgroup``). Noise comes
# first. Patterns marked True see the line without the transcript gutter (⎿, │, >).
GUTTER_CHARS = "⎿│|> \t"
GUTTER = "[⎿│|> \t]*+"


def _first_of(*alternatives: tuple[str, str, bool]) -> re.Pattern[str]:
    parts: list[str] = []
    gutter_run: list[str] = []  # consecutive gutter patterns share one gutter skip
    for name, pattern, gutter in (*alternatives, ("", "", False)):
        if gutter:
            gutter_run.append(f"(?P<{name}>{pattern})")
            continue
        if gutter_run:
            parts.append(f"{GUTTER}(?:{'|'.join(gutter_run)})")
            gutter_run = []
        if name:
            parts.append(f"(?P<{name}>{pattern})")
    return re.compile("|".join(parts))


LINE_START_RE = _first_of(
    ("separator", TABLE_SEP, False),
    ("tool", f"(?i:{TOOL})", False),
    ("install", f"(?i:{INSTALL})", True),
    ("test", TEST_PASS_START, False),
    ("hexdump", HEXDUMP, False),
    ("json", JSON, False),
    ("diff_header", DIFF_HEADER, True),
    ("boilerplate", TRACE_BOILERPLATE, True),
    ("py_frame", PY_FRAME, True),
    ("warning_frame", SOURCE_WARNING, True),
    ("frame", OTHER_FRAME, True),
    ("exception", EXCEPTION, True),
    ("log", LOG_PREFIX, True),
    ("error", ERROR_START, True),
    ("heading", HEADING, False),
    ("listing", PERMISSIONS, True),
    ("diff", rf"(?=[\d+-])(?![-*•+] \S|\d{{1,2}}[.)]\s){DIFF}", True),
    ("shell", SHELL, False),
    ("list", LIST, False),
)
