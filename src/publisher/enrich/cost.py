"""Tokens to dollars, and a rough token count for a prompt before it is sent.

The estimate is for planning (``preview --no-llm``, the docs' cost table), not billing: it counts
characters with a ratio per script, which is what Claude's tokenizer averages on this kind of text
(Cyrillic takes about one token per 2.6 characters, Latin prose and code about one per 3.6).
Real calls report exact usage, and that is what is stored.
"""

from __future__ import annotations

from publisher.config import ModelPrice
from publisher.models import Usage

CYRILLIC_CHARS_PER_TOKEN = 2.6
OTHER_CHARS_PER_TOKEN = 3.6
# A post in each locale is about as long as the selected lines it is written from, Russian a bit
# longer in tokens; plus JSON keys, image query and tags.
OUTPUT_PER_INPUT_TOKEN = 1.1
OUTPUT_OVERHEAD_TOKENS = 120
# Message Batches are billed at half the standard price.
BATCH_DISCOUNT = 0.5


def estimate_tokens(text: str) -> int:
    cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
    other = len(text) - cyrillic
    return round(cyrillic / CYRILLIC_CHARS_PER_TOKEN + other / OTHER_CHARS_PER_TOKEN)


def estimate_output_tokens(data_tokens: int, locales: int, max_tokens: int) -> int:
    return min(
        max_tokens, round(OUTPUT_OVERHEAD_TOKENS + data_tokens * OUTPUT_PER_INPUT_TOKEN * locales)
    )


def price_for(model: str, prices: dict[str, ModelPrice]) -> ModelPrice | None:
    """Exact name, else the longest listed prefix: a dated snapshot costs what its family does."""
    if model in prices:
        return prices[model]
    matches = [name for name in prices if model.startswith(name)]
    return prices[max(matches, key=len)] if matches else None


def priced(usage: Usage, prices: dict[str, ModelPrice], *, batch: bool = False) -> Usage:
    """The usage with its cost filled in; a model missing from the table costs 0 (shown as such)."""
    price = price_for(usage.model, prices)
    if price is None:
        return usage.model_copy(update={"cost_usd": 0.0})
    dollars = (
        usage.input_tokens * price.input
        + usage.output_tokens * price.output
        + usage.cache_creation_input_tokens * price.cache_write
        + usage.cache_read_input_tokens * price.cache_read
    ) / 1_000_000
    if batch:
        dollars *= BATCH_DISCOUNT
    return usage.model_copy(update={"cost_usd": round(dollars, 6)})
