"""The enricher: one note and its selected lines in, checked posts for every locale out.

One provider call writes all locales. The answer is validated (and asked for once more if it is
malformed), sanitized, checked for language (a wrong locale is re-requested once, alone) and for
numbers the note does not contain. Nothing partial leaves this module: either every locale passed,
or the note fails with the reason, carrying the usage spent so far so the cost is still recorded.
"""

from __future__ import annotations

import json
import re
import shutil
import threading
from typing import Literal

from pydantic import BaseModel
from slugify import slugify

from publisher.config import Settings
from publisher.enrich.batch_records import BatchItem, BatchOutcome, BatchTicket, custom_id_for
from publisher.enrich.cost import estimate_output_tokens, estimate_tokens, priced
from publisher.enrich.prompt import (
    Prompt,
    Templates,
    language_name,
    load_templates,
    note_block,
    relocale_prompt,
    system_prompt,
    user_prompt,
)
from publisher.enrich.providers import make_provider
from publisher.enrich.providers.base import BatchProvider, Completion, CompletionRequest, Provider
from publisher.enrich.safety import number_problems, sanitized
from publisher.enrich.schema import (
    ExtrasOut,
    M,
    PostOut,
    bilingual_model,
    drafts_of,
    parse_answer,
    provider_schema,
)
from publisher.errors import ConfigError, InvalidOutput, NoteError, PublisherError, StopRun
from publisher.learned import Memory
from publisher.models import (
    Enrichment,
    LanguageVerdict,
    LocalizedPost,
    PostDraft,
    RawNote,
    Selection,
    Usage,
)
from publisher.redact import guard

SLUG_MAX = 80
DECIMAL_RE = re.compile(r"(?<=\d)[.,](?=\d)")


def require_llm(settings: Settings) -> None:
    """Fail before any work when the configured model cannot possibly be called."""
    if not settings.llm.prompts_folder.is_dir():
        raise ConfigError(
            f"prompts folder not found: {settings.llm.prompts_folder} (set llm.prompts_dir)"
        )
    if settings.provider == "anthropic" and settings.anthropic.api_key is None:
        raise ConfigError(
            "no LLM configured: set ANTHROPIC_API_KEY or choose provider = "
            '"claude-cli" or "openai-compatible"'
        )
    if settings.provider == "claude-cli" and shutil.which(settings.claude_cli.executable) is None:
        raise ConfigError(
            f"claude CLI not found: {settings.claude_cli.executable!r} is not on PATH "
            "(set claude_cli.executable or choose another provider)"
        )
    if settings.provider == "openai-compatible" and settings.model.startswith("claude-"):
        raise ConfigError(
            f"provider openai-compatible needs model = the served model's name "
            f"(model is {settings.model!r}); set model or PUBLISHER_MODEL"
        )


def slug_for(title: str, note_id: str) -> str:
    """Cyrillic is transliterated, 4.2 stays 4-2 (not 42); with nothing left, the note id."""
    readable = DECIMAL_RE.sub("-", title)
    return (
        slugify(readable, max_length=SLUG_MAX, word_boundary=True)
        or slugify(note_id, max_length=SLUG_MAX)
        or note_id
    )


class Meter:
    """Usage spent on one note, priced per call; travels with an error if the note fails."""

    def __init__(self, settings: Settings) -> None:
        self._prices = settings.prices
        self.usage = Usage()

    def add(self, completion: Completion, *, batch: bool = False) -> None:
        self.usage = self.usage + priced(completion.usage, self._prices, batch=batch)

    def attach(self, exc: PublisherError) -> None:
        exc.usage = self.usage  # the runner logs it


def check_completion(model: type[M], completion: Completion, max_tokens: int) -> M:
    if completion.stop_reason == "max_tokens":
        raise InvalidOutput(f"the answer was cut off at llm.max_tokens = {max_tokens}")
    if completion.stop_reason == "refusal":
        raise InvalidOutput("the model declined to write this post")
    return parse_answer(model, completion.text)


class Enricher:
    def __init__(
        self, settings: Settings, provider: Provider | None = None, memory: Memory | None = None
    ) -> None:
        """``memory`` keeps what is learned about the LLM server (state, in a run)."""
        self.settings = settings
        self._provider = provider
        self._memory = memory
        self._templates: Templates | None = None
        self._lock = threading.Lock()
        self._locales = tuple(settings.locales)
        self._answer_model = bilingual_model(self._locales)

    # -- building blocks -------------------------------------------------------------------

    @property
    def provider(self) -> Provider:
        with self._lock:
            if self._provider is None:
                self._provider = make_provider(self.settings, self._memory)
            return self._provider

    @property
    def templates(self) -> Templates:
        with self._lock:
            if self._templates is None:
                self._templates = load_templates(self.settings.llm.prompts_folder)
            return self._templates

    def _system(self) -> str:
        return system_prompt(self.templates, list(self._locales), self.settings.llm.humor)

    def prompt_for(self, note: RawNote, selection: Selection) -> Prompt:
        return Prompt(
            system=self._system(),
            user=user_prompt(self.templates, note, selection),
            json_schema=provider_schema(self._answer_model),
            locales=list(self._locales),
        )

    def estimate_note(self, note: RawNote, selection: Selection) -> Usage:
        return self.estimate(self.prompt_for(note, selection))

    def estimate(self, prompt: Prompt) -> Usage:
        """A rough single-call figure from character counts; no request is made."""
        schema_tokens = estimate_tokens(json.dumps(prompt.json_schema))
        user_tokens = estimate_tokens(prompt.user)
        usage = Usage(
            provider=self.settings.provider,
            model=self.settings.model,
            calls=1,
            input_tokens=estimate_tokens(prompt.system) + user_tokens + schema_tokens,
            output_tokens=estimate_output_tokens(
                user_tokens, len(prompt.locales), self.settings.llm.max_tokens
            ),
        )
        return priced(usage, self.settings.prices)

    def _request(self, system: str, user: str, model: type[BaseModel]) -> CompletionRequest:
        return CompletionRequest(
            system=system,
            user=user,
            json_schema=provider_schema(model),
            model=self.settings.model,
            max_tokens=self.settings.llm.max_tokens,
        )

    def _ask(
        self, request: CompletionRequest, model: type[M], meter: Meter, *, tries: int = 2
    ) -> M:
        """A call, repeated once if the answer is malformed or invalid (a batch answer was the
        first try, so collecting asks only once more)."""
        for attempt in range(1, tries + 1):
            completion = self.provider.complete(request)
            meter.add(completion)
            try:
                return check_completion(model, completion, request.max_tokens)
            except InvalidOutput as exc:
                if attempt == tries:
                    raise InvalidOutput(f"{exc} (also on the retry)") from exc
        raise AssertionError("tries must be at least 1")

    # -- one note --------------------------------------------------------------------------

    def enrich(self, note: RawNote, selection: Selection) -> Enrichment:
        meter = Meter(self.settings)
        prompt = self.prompt_for(note, selection)
        request = self._request(prompt.system, prompt.user, self._answer_model)
        try:
            answer = self._ask(request, self._answer_model, meter)
            return self._finish(note, selection, answer, meter)
        except PublisherError as exc:
            meter.attach(exc)
            raise

    def _finish(
        self, note: RawNote, selection: Selection, answer: ExtrasOut, meter: Meter
    ) -> Enrichment:
        """From a valid answer to checked posts: sanitize, language, numbers, slugs."""
        from publisher.language.policy import check_posts

        warnings: list[str] = []
        answer = guard(answer, note.secrets, self.settings.redact, warnings)
        drafts = {
            locale: sanitized(locale, draft, warnings)
            for locale, draft in drafts_of(answer, self._locales).items()
        }
        check = check_posts(drafts)
        warnings += check.warnings
        posts, verdicts = check.posts, check.verdicts
        if check.wrong:
            posts = dict(posts)
            accepted = {loc: post for loc, post in posts.items() if loc not in check.wrong}
            for locale in check.wrong:
                user = relocale_prompt(self.templates, note, selection, locale, accepted)
                single = self._ask(self._request(self._system(), user, PostOut), PostOut, meter)
                single = guard(single, note.secrets, self.settings.redact, warnings)
                posts[locale] = sanitized(locale, single.draft(), warnings)
            recheck = check_posts(posts)
            still = [locale for locale in check.wrong if locale in recheck.wrong]
            if still:
                locale = still[0]
                raise NoteError(
                    f"the {locale} post is not in {language_name(locale)} even after a re-request "
                    f"({recheck.verdicts[locale].detected} detected); {locale} is not published"
                )
            warnings += [
                f"{locale}: re-requested, now in the right language" for locale in check.wrong
            ]
            warnings += recheck.replaced_descriptions.values()
            posts = recheck.posts
            verdicts = {
                locale: verdict.model_copy(
                    update={
                        "rerequested": locale in check.wrong,
                        "swapped": verdict.swapped or verdicts[locale].swapped,
                    }
                )
                for locale, verdict in recheck.verdicts.items()
            }
        source = note_block(note, selection)
        warnings += number_problems(posts, source, self.settings.llm.invented_numbers)
        return Enrichment(
            posts={
                locale: localized(locale, posts[locale], verdicts[locale], note.id)
                for locale in self._locales
            },
            image_query=answer.image_query,
            tags=answer.tags,
            usage=meter.usage,
            warnings=warnings,
            worth_publishing=answer.worth_publishing,
            worth_reason=answer.worth_reason,
        )

    # -- Message Batches -------------------------------------------------------------------

    def _batch_provider(self) -> BatchProvider:
        provider = self.provider
        if not isinstance(provider, BatchProvider):
            raise ConfigError(
                f'batch mode needs provider = "anthropic" (provider is {provider.name!r})'
            )
        return provider

    def submit_batch(self, jobs: list[tuple[RawNote, Selection]]) -> BatchTicket:
        """Every job as one request of one Message Batch; the ticket is what a later run needs."""
        provider = self._batch_provider()
        if not jobs:
            raise ValueError("submit_batch needs at least one note")
        requests: dict[str, CompletionRequest] = {}
        custom_ids: dict[str, str] = {}
        for note, selection in jobs:
            custom_id = custom_id_for(note.id)
            prompt = self.prompt_for(note, selection)
            requests[custom_id] = self._request(prompt.system, prompt.user, self._answer_model)
            custom_ids[custom_id] = note.id
        batch_id = provider.submit_batch(requests)
        return BatchTicket(
            batch_id=batch_id,
            provider=provider.name,
            model=self.settings.model,
            custom_ids=custom_ids,
            content_hashes={note.id: note.content_hash for note, _ in jobs},
        )

    def collect_batch(
        self, ticket: BatchTicket, jobs: dict[str, tuple[RawNote, Selection]]
    ) -> BatchOutcome:
        """Results by custom_id, checked like a direct call; errored and expired go back to pending.

        ``jobs`` are the notes as they are now, by note id: a note edited or deleted since it was
        submitted is not enriched from its old text.
        """
        poll = self._batch_provider().poll_batch(ticket.batch_id)
        outcome = BatchOutcome(batch_id=ticket.batch_id, status=poll.status)
        if poll.status != "ended":
            return outcome
        for custom_id, note_id in ticket.custom_ids.items():
            job = jobs.get(note_id)
            if job is None:
                outcome.warnings.append(f"{note_id}: no longer in the notes folder; result ignored")
                continue
            result = poll.results.get(custom_id)
            note, selection = job
            if note.content_hash != ticket.content_hashes.get(note_id):
                item = BatchItem(note_id=note_id, status="retry", error="edited since submitted")
            elif result is None:
                item = BatchItem(note_id=note_id, status="retry", error="no result in the batch")
            elif result.completion is None:
                item = BatchItem(
                    note_id=note_id, status="retry", error=f"batch request {result.error}"
                )
            else:
                item = self._collect_one(note, selection, result.completion)
            outcome.items[note_id] = item
        return outcome

    def _collect_one(
        self, note: RawNote, selection: Selection, completion: Completion
    ) -> BatchItem:
        meter = Meter(self.settings)
        meter.add(completion, batch=True)
        try:
            try:
                answer = check_completion(
                    self._answer_model, completion, self.settings.llm.max_tokens
                )
            except InvalidOutput:
                prompt = self.prompt_for(note, selection)
                request = self._request(prompt.system, prompt.user, self._answer_model)
                answer = self._ask(request, self._answer_model, meter, tries=1)
            enrichment = self._finish(note, selection, answer, meter)
        except StopRun:
            raise
        except PublisherError as exc:
            status: Literal["failed", "retry"] = "failed" if isinstance(exc, NoteError) else "retry"
            return BatchItem(note_id=note.id, status=status, error=str(exc), usage=meter.usage)
        return BatchItem(
            note_id=note.id, status="enriched", enrichment=enrichment, usage=meter.usage
        )


def localized(
    locale: str, draft: PostDraft, verdict: LanguageVerdict, note_id: str
) -> LocalizedPost:
    return LocalizedPost(
        locale=locale,
        title=draft.title,
        description=draft.description,
        body=draft.body,
        slug=slug_for(draft.title, note_id),
        detected_language=verdict.detected,
        verdict=verdict,
    )
