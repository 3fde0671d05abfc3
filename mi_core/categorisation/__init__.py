"""Categorise Mercari listing titles into the fixed two-level taxonomy."""

from .cache import CacheEntry, CategorisationCache, InMemoryCache, PostgresCache, cache_key
from .factory import build_categoriser, categorise_csv
from .llm import OpenAICategoriser, RateLimiter, UsageReport
from .normalise import normalise_title, normalise_titles
from .offline import OfflineCategoriser
from .taxonomy import UNCATEGORISED, Taxonomy, load_taxonomy
from .types import Categorisation, Categoriser

__all__ = [
    "UNCATEGORISED",
    "CacheEntry",
    "Categorisation",
    "CategorisationCache",
    "Categoriser",
    "InMemoryCache",
    "OfflineCategoriser",
    "OpenAICategoriser",
    "PostgresCache",
    "RateLimiter",
    "Taxonomy",
    "UsageReport",
    "build_categoriser",
    "cache_key",
    "categorise_csv",
    "load_taxonomy",
    "normalise_title",
    "normalise_titles",
]
