"""publisher: raw work notes in, a bilingual (RU + EN) technical blog out."""

__version__ = "0.1.0"
