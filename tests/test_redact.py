"""Unit behaviour of publisher.redact: what is caught, what survives, streaming, idempotence."""

from __future__ import annotations

import pytest

from publisher.redact import RedactSettings, StreamRedactor, redact, redact_chunks

GH = "ghp_" + "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"
TG = "123456789:" + "AAHfj3kLm9QwErTyUiOpAsDfGhJkLzXcVbN"


@pytest.mark.parametrize(
    ("line", "value", "kind"),
    [
        (f"export GITHUB_TOKEN={GH}", GH, "github-token"),
        (
            'curl -H "Authorization: Bearer abcdef0123456789abcdef" https://x',
            "abcdef0123456789abcdef",
            "bearer-token",
        ),
        ("DATABASE_URL=postgres://app:S3cr3tPg!@db:5432/app", "S3cr3tPg!", "password"),
        ("PGPASSWORD=hunter22 psql -h db", "hunter22", "password"),
        ("mysql -u root -p'Sup3r$ecret' db", "Sup3r$ecret", "password"),
        ("пароль от базы: Qwerty123!", "Qwerty123!", "password"),
        ("sshpass -p 'n0tS0s3cret' ssh deploy@web1", "n0tS0s3cret", "password"),
        ("curl -u admin:Adm1nPass https://jenkins", "Adm1nPass", "password"),
        (
            "SENTRY_DSN=https://4f2a9c1e8b7d6a5f3e2c1b0a9f8e7d6c@o1.ingest.sentry.io/2",
            "4f2a9c1e8b7d6a5f3e2c1b0a9f8e7d6c",
            "sentry-key",
        ),
        ("machine api.example.com login me password pa55w0rd-x", "pa55w0rd-x", "password"),
        ("пароль: secretpass", "secretpass", "password"),
        ("my password is Hunter2!", "Hunter2!", "password"),
        (
            "kubectl create secret generic x --from-literal=password=S3cr3tPw",
            "S3cr3tPw",
            "password",
        ),
        ('$env:DB_PASSWORD = "Pw-12345x"', "Pw-12345x", "password"),
        ("~/.pgpass:\nreports.db:5432:analytics:reporter:Rep0rt-pw", "Rep0rt-pw", "password"),
        ("echo 'Dock3r-pw!' | docker login -u ci --password-stdin", "Dock3r-pw!", "password"),
        ('requests.post(URL, auth=("bot", "B0t-secret"))', "B0t-secret", "password"),
        (
            "Key      Value\nsecret_key         v9hF2RflBKRyA4p12HVn23qQ",
            "v9hF2RflBKRyA4p12HVn23qQ",
            "secret",
        ),
        ("в логах светился пароль Qwerty123! и я его сменил", "Qwerty123!", "password"),
        ('log: {\\"api_key\\":\\"Zq8wX2vB7nM4kL1pR9tY\\"}', "Zq8wX2vB7nM4kL1pR9tY", "api-key"),
        ("openssl rsa -in k.pem -passin pass:S3cretPass -out x", "S3cretPass", "password"),
        (
            "curl https://api.telegram.org/bot123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11/getMe",
            "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11",
            "telegram-bot-token",
        ),
    ],
)
def test_secret_in_context_is_replaced_by_its_typed_placeholder(
    line: str, value: str, kind: str
) -> None:
    result = redact(line)
    assert value not in result.text
    assert f"‹redacted:{kind}›" in result.text
    assert value in result.secrets


@pytest.mark.parametrize(
    "line",
    [
        "trace_id=4bf92f3577b34da6a3ce929d0e0e4736 max_tokens=4096",
        "git commit 9fceb02d0ae598e95dc970b74767f19372d61af8",
        "image: nginx@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "token: <YOUR_TOKEN>",
        "password: ${{ secrets.DB_PASSWORD }}",
        "OPENAI_API_KEY=sk-…****…Q7xA",
        "The password must be at least 12 characters and the token expires hourly.",
        "request 7f1c2e9a-3b4d-4e5f-8a9b-0c1d2e3f4a5b failed",
        "DB_PASSWORD=changeme",
        "-----BEGIN PUBLIC KEY-----",
        "use Bearer authentication for all calls",
        "пароль должен быть длинным, токен истекает через час",
        "Ключевое: `consumer poll timeout has expired`",
        "sentry_sdk.init(dsn=SENTRY_DSN, api_key=settings.api_key)",
        "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        key: password",
        "max_tokens: 4096\ntoken_type: bearer\npublic_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI",
        "Group Key: o.warehouse_id",
        "78% of the deleted tokens re-registered; the password manager kept working",
        "STRIPE_PUBLISHABLE_KEY=pk_live_trGRZ5REjm5DAGR66HJ016Jc",
        "translationKey: nginx-502-keepalive",
        'extra = { acme-key = "acme_[a-z0-9]{32}" }',
        "headers `Authorization: Client-ID <key>`",
        "export ANTHROPIC_API_KEY=sk-ant-...",
        "password echoed at a shell prompt",
        "kubectl get secret\nNAME        TYPE     DATA   AGE\ndb-secret   Opaque   2      5d",
    ],
)
def test_look_alikes_survive_verbatim(line: str) -> None:
    assert redact(line).text == line


def test_a_value_found_once_is_replaced_everywhere_even_inside_a_bot_url() -> None:
    text = f"TELEGRAM_TOKEN={TG}\ncurl https://api.telegram.org/bot{TG}/getMe\n"
    result = redact(text)
    assert TG not in result.text
    assert "api.telegram.org/bot‹redacted:telegram-bot-token›/getMe" in result.text


def test_url_password_is_also_replaced_where_it_stands_bare() -> None:
    result = redact("postgres://app:Pg-S3cret-9@db/app\nI rotated Pg-S3cret-9 later")
    assert "Pg-S3cret-9" not in result.text


def test_private_key_block_is_replaced_whole_and_keeps_the_line_count() -> None:
    body = "MIIEpAIBAAKCAQEA1234567890abcdefghijABCDEFGHIJ\nabcdefghijklmnop1234567890ABCD==\n"
    text = f"before\n-----BEGIN RSA PRIVATE KEY-----\n{body}-----END RSA PRIVATE KEY-----\nafter"
    result = redact(text)
    assert "MIIE" not in result.text and "END RSA" not in result.text
    assert result.text.count("\n") == text.count("\n")
    assert result.text.startswith("before\n‹redacted:private-key›")


def test_kubernetes_secret_data_is_redacted_but_a_configmap_is_not() -> None:
    secret = "apiVersion: v1\ndata:\n  username: YWRtaW4=\nkind: Secret\n"
    configmap = "apiVersion: v1\ndata:\n  username: YWRtaW4=\nkind: ConfigMap\n"
    assert "YWRtaW4=" not in redact(secret).text
    assert redact(configmap).text == configmap


def test_password_typed_into_a_shell_prompt_is_redacted() -> None:
    text = (
        "$ sudo -v\n[sudo] password for alice:\n$ Tr0ub4dor&3\n"
        "bash: Tr0ub4dor&3: command not found\n"
    )
    assert "Tr0ub4dor&3" not in redact(text).text


def test_redaction_is_idempotent() -> None:
    text = f"GITHUB_TOKEN={GH}\npassword: hunter2x\nhttps://u:S3cret!x@h/"
    once = redact(text).text
    again = redact(once)
    assert again.text == once and not again.findings


def test_allow_and_extra_settings() -> None:
    settings = RedactSettings(
        allow=["hunter22", "/ACME-[0-9]+/"], extra={"acme-key": r"acme_[a-z0-9]{16}"}
    )
    text = "PGPASSWORD=hunter22 x ACME_KEY=ACME-123 k=acme_0123456789abcdef"
    result = redact(text, settings)
    assert "hunter22" in result.text and "ACME-123" in result.text
    assert "‹redacted:acme-key›" in result.text


def test_bad_settings_regex_is_a_validation_error() -> None:
    with pytest.raises(ValueError, match="not a valid regex"):
        RedactSettings(extra={"x": "("})


def test_findings_never_print_the_value() -> None:
    result = redact(f"GITHUB_TOKEN={GH}")
    finding = result.findings[0]
    assert GH not in repr(finding) and GH not in str(finding)
    assert str(finding).startswith("github-token ghp_")


def test_streaming_matches_whole_text_and_carries_a_key_block_across_chunks() -> None:
    key = (
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n"
        "-----END OPENSSH PRIVATE KEY-----"
    )
    chunks = [f"line one {GH}", "x\n" + key.split("\n", 1)[0], key.split("\n", 1)[1], f"again {GH}"]
    redactor = StreamRedactor()
    out = "\n".join(redact_chunks(chunks, redactor))
    assert GH not in out and "b3BlbnNzaC1rZXk" not in out
    assert out.count("\n") == "\n".join(chunks).count("\n")
    assert redactor.kinds["private-key"] == 1
