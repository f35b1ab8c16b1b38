"""LLM enrichment: a note's selected lines become checked posts in every locale.

Importing this package is cheap; provider SDKs load only when a provider is built.
"""

from publisher.enrich.batch_records import BatchItem, BatchOutcome, BatchTicket
from publisher.enrich.enricher import Enricher, require_llm
from publisher.enrich.prompt import Prompt
from publisher.enrich.providers import make_provider
from publisher.enrich.providers.base import Completion, CompletionRequest, Provider

__all__ = [
    "BatchItem",
    "BatchOutcome",
    "BatchTicket",
    "Completion",
    "CompletionRequest",
    "Enricher",
    "Prompt",
    "Provider",
    "make_provider",
    "require_llm",
]
