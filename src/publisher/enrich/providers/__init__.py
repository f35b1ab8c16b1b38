"""LLM providers: one small adapter per way of reaching a model, all behind :class:`Provider`."""
