# ruff: noqa: E501  (story text: long prose lines the labels must match exactly)
"""The stories of the labelled session set (see make_session_set.py), with their labels."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Step = tuple[Any, ...]
EN_CHATTER = [
    "Let me look at that file.",
    "Checking the configuration next.",
    "Let me run that again.",
]
RU_CHATTER = ["Посмотрю этот файл.", "Теперь проверю конфигурацию.", "Запущу ещё раз."]


@dataclass
class Story:
    name: str
    kind: str
    lang: str
    cwd: str
    day: int
    steps: list[Step]
    must: list[str]
    thinking: list[str] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)
    title: str = ""
    files: list[str] = field(default_factory=list)
    filler: int = 60
    truncated: bool = False

    @property
    def chatter(self) -> list[str]:
        return RU_CHATTER if self.lang == "ru" else EN_CHATTER


def log(n: int, line: str, error: str, at: int) -> str:
    rows = [line.format(i=i) for i in range(n)]
    rows.insert(at, error)
    return "\n".join(rows)


STORIES = [
    Story(
        "en-cc-pg-pool",
        "claude-code",
        "en",
        "/home/dev/orders-api",
        3,
        [
            (
                "user",
                "Checkout requests started failing under load with 500s since Friday's deploy. Error rate is 7% at peak. Can you find out why?",
            ),
            ("think", "PRIVATE: maybe the on-call engineer misconfigured something again."),
            ("say", "I'll start with the application log around the peak."),
            (
                "bash",
                "grep -c ' 500 ' logs/app.log; tail -n 300 logs/app.log",
                log(
                    300,
                    "2026-11-28T18:0{i}Z INFO POST /checkout 200 in 41ms",
                    "2026-11-28T18:07:12Z ERROR sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached, connection timed out, timeout 30.00",
                    180,
                ),
                True,
            ),
            (
                "bash",
                "cat .env",
                "DATABASE_URL=postgres://orders:Hunter2-prod@db:5432/orders\nAWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLF\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEZ",
                False,
            ),
            (
                "say",
                "The root cause: the deploy added a background `refresh_prices()` task that holds a session for the whole HTTP call to the pricing service, so 5 pooled connections plus 10 overflow are exhausted at peak.",
            ),
            (
                "edit",
                "orders/db.py",
                "engine = create_engine(URL, pool_size=5, max_overflow=10)",
                "engine = create_engine(URL, pool_size=20, max_overflow=10, pool_timeout=5)",
            ),
            (
                "edit",
                "orders/prices.py",
                "    with Session() as s:\n        prices = client.fetch_all()\n        s.bulk_save(prices)",
                "    prices = client.fetch_all()\n    with Session() as s:\n        s.bulk_save(prices)",
            ),
            (
                "bash",
                "hey -z 60s -c 80 http://localhost:8000/checkout | grep -E 'Status|99%'",
                "  99% in 0.2110 secs\nStatus code distribution:\n  [200] 48211 responses",
                False,
            ),
            (
                "say",
                "After the fix the load test shows 0 errors out of 48211 requests and p99 211 ms (was 7% 500s).",
            ),
        ],
        must=[
            "Error rate is 7% at peak",
            "QueuePool limit of size 5 overflow 10 reached",
            "holds a session for the whole HTTP call",
            "pool_size=20, max_overflow=10, pool_timeout=5",
            "0 errors out of 48211 requests",
        ],
        thinking=["maybe the on-call engineer misconfigured"],
        secrets=[
            "AKIAIOSFODNN7EXAMPLF",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEZ",
            "Hunter2-prod",
        ],
        files=["orders/db.py", "orders/prices.py", "orders/api.py"],
        filler=120,
    ),
    Story(
        "ru-cc-celery-dupes",
        "claude-code",
        "ru",
        "/srv/billing-worker",
        5,
        [
            (
                "user",
                "Клиентам приходят двойные письма со счетами, примерно 3% отправок. Разберись, откуда дубли.",
            ),
            ("think", "PRIVATE: наверное, опять кто-то руками перезапускал воркеры."),
            ("say", "Посмотрю логи воркера за последние сутки."),
            (
                "bash",
                "journalctl -u celery-worker --since yesterday | tail -n 200",
                log(
                    200,
                    "ноя 30 10:{i:02d} worker[311]: Task send_invoice succeeded in 0.8s",
                    "ноя 30 11:42 worker[311]: WARNING Task send_invoice[9f2c] visibility_timeout 3600s exceeded, message redelivered",
                    120,
                ),
                False,
            ),
            (
                "agent",
                "Find where acks_late is configured",
                [
                    (
                        "bash",
                        "grep -rn acks_late .",
                        "billing/celery.py:14:app.conf.task_acks_late = True",
                        False,
                    ),
                    (
                        "say",
                        "acks_late is on, visibility_timeout is 3600 s, ETA tasks wait up to 2 h.",
                    ),
                ],
                "acks_late = True and visibility_timeout = 3600 s while ETA tasks wait up to 2 h.",
            ),
            (
                "bash",
                "cat config/prod.env",
                "SMTP_PASSWORD=s3nd-Gr1d-Pa55\nGITHUB_TOKEN=ghp_R8nYt3LkQ0xW5vC9mS4dZ7eG2jK6tB1fH3wJ",
                False,
            ),
            (
                "say",
                "Причина: письма с ETA ждут до 2 часов, а visibility_timeout у Redis-брокера 1 час, поэтому брокер считает задачу потерянной и отдаёт её второму воркеру.",
            ),
            (
                "edit",
                "billing/celery.py",
                "app.conf.broker_transport_options = {'visibility_timeout': 3600}",
                "app.conf.broker_transport_options = {'visibility_timeout': 43200}",
            ),
            ("say", "После изменения за сутки 0 дублей на 18 400 писем, было около 3%."),
        ],
        must=[
            "двойные письма со счетами, примерно 3% отправок",
            "visibility_timeout 3600s exceeded, message redelivered",
            "visibility_timeout у Redis-брокера 1 час",
            "'visibility_timeout': 43200",
            "0 дублей на 18 400 писем",
        ],
        thinking=["кто-то руками перезапускал воркеры"],
        secrets=["s3nd-Gr1d-Pa55", "ghp_R8nYt3LkQ0xW5vC9mS4dZ7eG2jK6tB1fH3wJ"],
        files=["billing/celery.py", "billing/tasks.py"],
        filler=90,
    ),
    Story(
        "en-codex-go-race",
        "codex",
        "en",
        "/home/dev/ratelimiter",
        7,
        [
            (
                "user",
                "TestLimiterConcurrent fails about 1 run in 20 on CI with a wrong count. Find the cause.",
            ),
            ("think", "PRIVATE: likely a flaky CI runner, not our code."),
            (
                "bash",
                "go test -race -count=50 ./limiter/...",
                log(
                    120,
                    "=== RUN   TestLimiter/case_{i}\n--- PASS: TestLimiter/case_{i} (0.00s)",
                    "WARNING: DATA RACE\nWrite at 0x00c0001a2010 by goroutine 41:\n  ratelimiter/limiter.(*Bucket).Take()\n      limiter/bucket.go:37 +0x64",
                    60,
                ),
                True,
            ),
            (
                "say",
                "The race detector points at bucket.go:37: `Take()` decrements `b.tokens` without holding `b.mu`, while `refill()` writes it under the lock.",
            ),
            (
                "edit",
                "limiter/bucket.go",
                "func (b *Bucket) Take() bool {\n\tif b.tokens > 0 {",
                "func (b *Bucket) Take() bool {\n\tb.mu.Lock()\n\tdefer b.mu.Unlock()\n\tif b.tokens > 0 {",
            ),
            (
                "bash",
                "go test -race -count=200 ./limiter/...",
                "ok  \tratelimiter/limiter\t14.212s",
                False,
            ),
            ("say", "200 runs under -race pass now; before the fix 1 in 20 failed."),
        ],
        must=[
            "fails about 1 run in 20 on CI",
            "WARNING: DATA RACE",
            "decrements `b.tokens` without holding `b.mu`",
            "+ \tb.mu.Lock()",
            "200 runs under -race pass now",
        ],
        thinking=["likely a flaky CI runner"],
        files=["limiter/bucket.go", "limiter/limiter.go"],
        filler=80,
    ),
    Story(
        "ru-codex-nginx-504",
        "codex",
        "ru",
        "/etc/nginx-conf",
        9,
        [
            (
                "user",
                "Отчёты в админке падают с 504 Gateway Time-out, если период больше месяца. Генерация занимает около 75 секунд.",
            ),
            ("think", "PRIVATE: возможно, отчёт вообще не нужен."),
            (
                "bash",
                "tail -n 150 /var/log/nginx/error.log",
                log(
                    150,
                    "2026/11/30 12:{i:02d}:01 [info] client closed keepalive connection",
                    '2026/11/30 12:40:17 [error] 711#711: *5521 upstream timed out (110: Connection timed out) while reading response header from upstream, upstream: "http://10.0.3.7:8000/admin/reports"',
                    90,
                ),
                False,
            ),
            (
                "compact",
                "Summary: 504 on long reports; nginx error log shows upstream timed out after 60 s.",
            ),
            (
                "say",
                "Причина: proxy_read_timeout по умолчанию 60 секунд, а отчёт за квартал считается 75 секунд, поэтому nginx обрывает ответ раньше приложения.",
            ),
            (
                "edit",
                "sites/admin.conf",
                "    location /admin/reports {\n        proxy_pass http://app;",
                "    location /admin/reports {\n        proxy_read_timeout 180s;\n        proxy_pass http://app;",
            ),
            (
                "bash",
                "nginx -t && systemctl reload nginx && curl -s -o /dev/null -w '%{http_code} %{time_total}\\n' https://admin.local/admin/reports?period=quarter",
                "200 74.913",
                False,
            ),
            ("say", "Отчёт за квартал теперь отдаётся с кодом 200 за 74.9 с вместо 504."),
        ],
        must=[
            "504 Gateway Time-out, если период больше месяца",
            "upstream timed out (110: Connection timed out)",
            "proxy_read_timeout по умолчанию 60 секунд",
            "proxy_read_timeout 180s;",
            "200 за 74.9 с вместо 504",
        ],
        thinking=["отчёт вообще не нужен"],
        files=["sites/admin.conf", "nginx.conf"],
        filler=60,
    ),
    Story(
        "en-cc-react-rerender",
        "claude-code",
        "en",
        "/home/dev/dashboard",
        11,
        [
            (
                "user",
                "The dashboard table freezes for ~2 s when typing in the search box with 5,000 rows. Profile it.",
            ),
            ("think", "PRIVATE: the designer's table component is probably bad."),
            (
                "bash",
                "npx react-scripts test --watchAll=false src/Table.perf.test.tsx",
                "PASS src/Table.perf.test.tsx\n  ✓ filter 5000 rows (2140 ms)\n  Row rendered 5000 times per keystroke",
                False,
            ),
            (
                "compact",
                "This session is being continued from a previous conversation. Summary: search input causes full table re-render; 5000 rows re-render per keystroke.",
            ),
            (
                "say",
                "Root cause: `columns` is created inline in `Dashboard`, so every keystroke gives `Table` a new array and `React.memo` on each `Row` never matches.",
            ),
            (
                "edit",
                "src/Dashboard.tsx",
                "  const columns = [idColumn, nameColumn, totalColumn];",
                "  const columns = useMemo(() => [idColumn, nameColumn, totalColumn], []);",
            ),
            (
                "bash",
                "npx react-scripts test --watchAll=false src/Table.perf.test.tsx",
                "PASS src/Table.perf.test.tsx\n  ✓ filter 5000 rows (96 ms)\n  Row rendered 12 times per keystroke",
                False,
            ),
            (
                "say",
                "Typing now takes 96 ms instead of 2140 ms; rows re-rendered per keystroke went from 5000 to 12.",
            ),
        ],
        must=[
            "freezes for ~2 s when typing",
            "Row rendered 5000 times per keystroke",
            "`columns` is created inline in `Dashboard`",
            "useMemo(() => [idColumn, nameColumn, totalColumn], [])",
            "96 ms instead of 2140 ms",
        ],
        thinking=["designer's table component is probably bad"],
        files=["src/Dashboard.tsx", "src/Table.tsx"],
        filler=70,
        truncated=True,
    ),
    Story(
        "ru-cc-docker-cache",
        "claude-code",
        "ru",
        "/home/dev/shop-backend",
        13,
        [
            (
                "user",
                "Сборка образа в CI занимает 14 минут даже при изменении одной строки. Почему кэш слоёв не работает?",
            ),
            ("think", "PRIVATE: CI-провайдер тормозит, переедем."),
            (
                "bash",
                "docker build --progress=plain . 2>&1 | tail -n 250",
                log(
                    250,
                    "#12 {i}.3 Collecting package_{i}",
                    "#9 [4/7] COPY . /app\n#9 CACHED miss: context checksum changed (.git/index)",
                    20,
                ),
                False,
            ),
            (
                "say",
                "Причина: `COPY . /app` стоит до `pip install`, а в контекст попадает каталог .git, поэтому любой коммит меняет контрольную сумму и сбрасывает кэш всех следующих слоёв.",
            ),
            (
                "edit",
                "Dockerfile",
                "COPY . /app\nRUN pip install -r requirements.txt",
                "COPY requirements.txt /app/\nRUN pip install -r requirements.txt\nCOPY . /app",
            ),
            (
                "bash",
                "printf '.git\\n__pycache__\\n' > .dockerignore && docker build . 2>&1 | tail -n 2",
                "#14 DONE 2.9s\nTotal build time: 3m05s",
                False,
            ),
            ("say", "Сборка после правки идёт 3 минуты 5 секунд вместо 14 минут."),
        ],
        must=[
            "занимает 14 минут даже при изменении одной строки",
            "CACHED miss: context checksum changed (.git/index)",
            "`COPY . /app` стоит до `pip install`",
            "+ COPY requirements.txt /app/",
            "3 минуты 5 секунд вместо 14 минут",
        ],
        thinking=["CI-провайдер тормозит"],
        files=["Dockerfile", "requirements.txt"],
        filler=60,
    ),
    Story(
        "en-cc-jwt-skew",
        "claude-code",
        "en",
        "/home/dev/auth-gateway",
        15,
        [
            (
                "user",
                "About 2% of mobile logins get 401 right after a successful token refresh. Only on some devices.",
            ),
            ("think", "PRIVATE: the mobile team probably broke the refresh flow."),
            (
                "bash",
                "kubectl logs deploy/auth-gateway --since=1h | grep 401 | head -n 40",
                log(
                    40,
                    'level=info msg="token ok" sub=user{i}',
                    'level=warn msg="token rejected" err="Token used before issued (iat 1764500412 > now 1764500409)" sub=user88',
                    25,
                ),
                False,
            ),
            (
                "bash",
                "cat debug/token.txt",
                "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyODgiLCJpYXQiOjE3NjQ1MDA0MTJ9.Qm9ndXNTaWduYXR1cmVGb3JUZXN0czEyMw",
                False,
            ),
            (
                "say",
                "Root cause: the token service clock runs about 3 s ahead of the gateway pods, and PyJWT rejects tokens whose iat is in the future with leeway 0.",
            ),
            (
                "edit",
                "gateway/auth.py",
                'claims = jwt.decode(token, key, algorithms=["HS256"])',
                'claims = jwt.decode(token, key, algorithms=["HS256"], leeway=10)',
            ),
            (
                "say",
                "With leeway=10 and chrony re-synced on the token service, 401s after refresh dropped from 2% to 0.01%.",
            ),
        ],
        must=[
            "2% of mobile logins get 401 right after a successful token refresh",
            "Token used before issued (iat 1764500412 > now 1764500409)",
            "clock runs about 3 s ahead of the gateway pods",
            "leeway=10)",
            "dropped from 2% to 0.01%",
        ],
        thinking=["mobile team probably broke"],
        secrets=[
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyODgiLCJpYXQiOjE3NjQ1MDA0MTJ9.Qm9ndXNTaWduYXR1cmVGb3JUZXN0czEyMw"
        ],
        files=["gateway/auth.py", "gateway/app.py"],
        filler=60,
    ),
    Story(
        "en-codex-pandas-oom",
        "codex",
        "en",
        "/home/dev/etl",
        17,
        [
            (
                "user",
                "The nightly ETL job gets OOM-killed on the 12 GB worker since the events table passed 40M rows.",
            ),
            ("think", "PRIVATE: just buy a bigger box."),
            (
                "bash",
                "python -X importtime etl/run.py --day 2026-11-30 2>&1 | tail -n 100",
                log(
                    100,
                    "INFO load chunk {i} ok",
                    "Killed\nMemoryError: Unable to allocate 9.1 GiB for an array with shape (40213377, 30) and data type object",
                    99,
                ),
                True,
            ),
            (
                "say",
                "Root cause: `read_csv` loads every column as `object` dtype; the 30 string columns of 40M rows need 9.1 GiB before any filtering.",
            ),
            (
                "edit",
                "etl/run.py",
                "df = pd.read_csv(path)",
                'df = pd.read_csv(path, usecols=COLUMNS, dtype=DTYPES, engine="pyarrow")',
            ),
            (
                "bash",
                "/usr/bin/time -v python etl/run.py --day 2026-11-30 2>&1 | grep 'Maximum resident'",
                "Maximum resident set size (kbytes): 1363148",
                False,
            ),
            (
                "say",
                "Peak memory is now 1.3 GB instead of over 9.1 GiB, and the job finishes in 6 min.",
            ),
        ],
        must=[
            "OOM-killed on the 12 GB worker",
            "Unable to allocate 9.1 GiB for an array",
            "loads every column as `object` dtype",
            "usecols=COLUMNS, dtype=DTYPES",
            "1.3 GB instead of over 9.1 GiB",
        ],
        thinking=["just buy a bigger box"],
        files=["etl/run.py", "etl/schema.py"],
        filler=70,
    ),
    Story(
        "ru-cc-k8s-oom",
        "claude-code",
        "ru",
        "/home/dev/search-svc",
        19,
        [
            (
                "user",
                "Под search-svc перезапускается каждые 40 минут с OOMKilled, хотя лимит 2Gi. Найди утечку.",
            ),
            ("think", "PRIVATE: виновата команда инфраструктуры, они урезали лимиты."),
            (
                "bash",
                "kubectl describe pod search-svc-7d9f | tail -n 60",
                log(
                    60,
                    "  Normal  Pulled  {i}m  kubelet  Container image already present",
                    "    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137",
                    30,
                ),
                False,
            ),
            (
                "agent",
                "Profile heap growth",
                [
                    (
                        "bash",
                        "curl -s localhost:6060/debug/pprof/heap | go tool pprof -top - | head",
                        "flat  flat%\n 1.4GB 71.2%  search.(*QueryCache).Put",
                        False,
                    ),
                    ("say", "QueryCache.Put holds 71% of the heap."),
                ],
                "71.2% of the heap is in QueryCache.Put: the cache has no size limit.",
            ),
            (
                "bash",
                "env | grep -i token",
                "ELASTIC_API_KEY=VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeUFrR0dFWVVn\nSLACK_BOT_TOKEN=xoxb-2791038563-4711203948572-AbCdEfGhIjKlMnOpQrStUvWx",
                False,
            ),
            (
                "say",
                "Причина: кэш запросов QueryCache не ограничен по размеру и растёт на каждом уникальном запросе, пока под не упирается в лимит 2Gi.",
            ),
            (
                "edit",
                "search/cache.go",
                "cache := NewQueryCache()",
                "cache := NewQueryCache(WithMaxEntries(50_000))",
            ),
            (
                "say",
                "После ограничения в 50 000 записей память держится на 640Mi, перезапусков за сутки 0.",
            ),
        ],
        must=[
            "перезапускается каждые 40 минут с OOMKilled",
            "Reason:       OOMKilled",
            "QueryCache не ограничен по размеру",
            "WithMaxEntries(50_000)",
            "память держится на 640Mi",
        ],
        thinking=["виновата команда инфраструктуры"],
        secrets=[
            "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeUFrR0dFWVVn",
            "xoxb-2791038563-4711203948572-AbCdEfGhIjKlMnOpQrStUvWx",
        ],
        files=["search/cache.go", "search/server.go"],
        filler=90,
    ),
    Story(
        "en-codex-tf-drift",
        "codex",
        "en",
        "/home/dev/infra",
        21,
        [
            (
                "user",
                "terraform plan wants to destroy and recreate the prod RDS instance on every run. Why?",
            ),
            ("think", "PRIVATE: someone clicked in the console again."),
            (
                "bash",
                "terraform plan -no-color | tail -n 80",
                log(
                    80,
                    "  # aws_security_group_rule.r{i} will be read during apply",
                    '  # aws_db_instance.main must be replaced\n-/+ resource "aws_db_instance" "main" {\n      ~ engine_version = "15.4" -> "15.3" # forces replacement',
                    40,
                ),
                False,
            ),
            (
                "say",
                'Root cause: AWS auto-upgraded the minor version to 15.4, while the config pins engine_version = "15.3", and a downgrade forces replacement.',
            ),
            (
                "edit",
                "rds.tf",
                '  engine_version = "15.3"',
                '  engine_version             = "15"\n  auto_minor_version_upgrade = true',
            ),
            (
                "bash",
                "terraform plan -no-color | tail -n 1",
                "No changes. Your infrastructure matches the configuration.",
                False,
            ),
            (
                "say",
                "Plan is clean now: 0 to add, 0 to destroy, instead of replacing the 400 GB database.",
            ),
        ],
        must=[
            "destroy and recreate the prod RDS instance on every run",
            'engine_version = "15.4" -> "15.3" # forces replacement',
            "AWS auto-upgraded the minor version to 15.4",
            "auto_minor_version_upgrade = true",
            "0 to add, 0 to destroy",
        ],
        thinking=["someone clicked in the console"],
        files=["rds.tf", "main.tf"],
        filler=60,
    ),
    Story(
        "en-cc-flaky-tz",
        "claude-code",
        "en",
        "/home/dev/scheduler",
        23,
        [
            (
                "user",
                "test_next_run_at fails every night between 00:00 and 03:00 UTC on CI, passes in the day.",
            ),
            ("think", "PRIVATE: the night CI runner is cursed."),
            (
                "bash",
                "TZ=UTC faketime '2026-11-30 01:30:00' pytest -q tests/test_schedule.py",
                log(
                    30,
                    "tests/test_schedule.py::test_case_{i} PASSED",
                    "E       AssertionError: assert datetime.date(2026, 11, 29) == datetime.date(2026, 11, 30)\nFAILED tests/test_schedule.py::test_next_run_at",
                    29,
                ),
                True,
            ),
            (
                "compact",
                "Summary: test fails between 00:00 and 03:00 UTC; date comparison off by one day.",
            ),
            (
                "say",
                "Root cause: `next_run_at` uses `date.today()` (server local time, Europe/Moscow, UTC+3) while the run time is in UTC, so for 3 hours after midnight UTC the dates differ by a day.",
            ),
            (
                "edit",
                "scheduler/schedule.py",
                "    today = date.today()",
                "    today = datetime.now(timezone.utc).date()",
            ),
            (
                "bash",
                "TZ=UTC faketime '2026-11-30 01:30:00' pytest -q tests/test_schedule.py | tail -n 1",
                "31 passed in 0.42s",
                False,
            ),
            ("say", "Fixed: 31 passed at 01:30 UTC, where it failed before."),
        ],
        must=[
            "fails every night between 00:00 and 03:00 UTC",
            "AssertionError: assert datetime.date(2026, 11, 29) == datetime.date(2026, 11, 30)",
            "uses `date.today()` (server local time",
            "datetime.now(timezone.utc).date()",
            "31 passed at 01:30 UTC",
        ],
        thinking=["night CI runner is cursed"],
        files=["scheduler/schedule.py", "tests/test_schedule.py"],
        filler=60,
        truncated=True,
    ),
    Story(
        "ru-codex-redis-evict",
        "codex",
        "ru",
        "/home/dev/sessions-api",
        25,
        [
            (
                "user",
                "Пользователей выкидывает из аккаунта случайным образом, около 500 жалоб в день. Сессии хранятся в Redis.",
            ),
            ("think", "PRIVATE: пользователи сами чистят куки."),
            (
                "bash",
                "redis-cli -a \"$REDIS_PASSWORD\" info stats | grep -E 'evicted|keyspace'",
                log(
                    40,
                    "keyspace_hits:{i}0231",
                    "evicted_keys:1843302\nmaxmemory_policy:allkeys-lru",
                    20,
                ),
                False,
            ),
            (
                "bash",
                "cat deploy/redis.env",
                "REDIS_PASSWORD=r3d1s-Sup3r-S3cret\nSTRIPE_KEY=sk_live_51HqZ3xKq8vB2nR4mT6yW9pL0cE7dF1gJ",
                False,
            ),
            (
                "say",
                "Причина: кэш страниц и сессии живут в одном Redis с политикой allkeys-lru, и при заполнении maxmemory вытесняются ключи сессий.",
            ),
            (
                "edit",
                "deploy/redis.conf",
                "maxmemory-policy allkeys-lru",
                "maxmemory-policy volatile-lru",
            ),
            (
                "say",
                "Сессии вынесены в отдельную базу без TTL-вытеснения, жалоб за неделю 3 вместо 500 в день.",
            ),
        ],
        must=[
            "около 500 жалоб в день",
            "evicted_keys:1843302",
            "с политикой allkeys-lru",
            "volatile-lru",
            "жалоб за неделю 3 вместо 500 в день",
        ],
        thinking=["пользователи сами чистят куки"],
        secrets=["r3d1s-Sup3r-S3cret", "sk_live_51HqZ3xKq8vB2nR4mT6yW9pL0cE7dF1gJ"],
        files=["deploy/redis.conf", "api/session.py"],
        filler=70,
    ),
]
HELDOUT = {"ru-cc-k8s-oom", "en-codex-tf-drift", "en-cc-flaky-tz", "ru-codex-redis-evict"}
