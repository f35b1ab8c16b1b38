"""``publisher doctor``'s LLM check: one cheap authenticated request, as the Strapi checks do.

Settings that look right can still be refused: a revoked key, a model name with a typo, a model
server that is not running. The check asks the service itself, for free or nearly:

- anthropic: ``POST /v1/messages/count_tokens`` (free, authenticated, validates the model name);
- openai-compatible: ``GET /models`` (the served models; the configured one must be among them);
- claude-cli: ``claude --version`` (the binary runs; it uses its own login).
"""

from __future__ import annotations

import subprocess
from typing import Any

from publisher.config import Settings
from publisher.errors import PublisherError
from publisher.targets.base import DoctorCheck

CHECK_TIMEOUT = 15.0
FIX = "see docs/providers.md"


def llm_check(settings: Settings) -> DoctorCheck:
    """Whether the configured provider accepts our credentials and knows the model."""
    name = f"{settings.provider} / {settings.model}"
    try:
        detail = PROBES[settings.provider](settings)
    except PublisherError as exc:
        return DoctorCheck("llm", False, f"{name}: {exc}", FIX)
    return DoctorCheck("llm", True, f"{name}: {detail}")


def anthropic_probe(settings: Settings, client: Any | None = None) -> str:
    import anthropic

    from publisher.enrich.providers.anthropic import translate

    key = settings.anthropic.api_key
    if client is None:
        client = anthropic.Anthropic(
            api_key=key.get_secret_value() if key else None,
            base_url=settings.anthropic.base_url,
            max_retries=0,
            timeout=CHECK_TIMEOUT,
        )
    try:
        counted = client.messages.count_tokens(
            model=settings.model, messages=[{"role": "user", "content": "ping"}]
        )
    except anthropic.APIError as exc:
        raise translate(exc, settings.model, 0) from exc
    return f"key and model accepted (count_tokens: {counted.input_tokens} tokens)"


def openai_probe(settings: Settings) -> str:
    import requests

    from publisher.enrich.providers.openai_compat import error_message

    url = settings.openai.base_url.rstrip("/") + "/models"
    key = settings.openai.api_key
    headers = {"Authorization": f"Bearer {key.get_secret_value()}"} if key else {}
    try:
        response = requests.get(url, headers=headers, timeout=CHECK_TIMEOUT)
    except requests.RequestException as exc:
        raise PublisherError(f"cannot reach {url}: is the model server running?") from exc
    if response.status_code in (401, 403):
        raise PublisherError(f"{url} refused the credentials: {error_message(response)}")
    if response.status_code != 200:
        raise PublisherError(f"{url}: HTTP {response.status_code}: {error_message(response)}")
    try:
        served = [str(model["id"]) for model in response.json()["data"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise PublisherError(f"{url} answered without a model list") from exc
    if settings.model not in served:
        raise PublisherError(
            f"model {settings.model!r} is not served by {url}; it serves: "
            + (", ".join(served[:10]) or "nothing")
        )
    return f"the server lists the model ({url})"


def claude_cli_probe(settings: Settings) -> str:
    command = [settings.claude_cli.executable, "--version"]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=CHECK_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PublisherError(f"{command[0]} --version failed: {exc}") from exc
    if done.returncode != 0:
        raise PublisherError(f"{command[0]} --version exited {done.returncode}")
    return f"{command[0]} runs ({done.stdout.strip() or 'no version printed'})"


PROBES = {
    "anthropic": anthropic_probe,
    "openai-compatible": openai_probe,
    "claude-cli": claude_cli_probe,
}
