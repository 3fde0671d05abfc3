"""Result type and the one interface every categoriser implements."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

# "seller": a seller's own correction (mi_core.corrections), never a model's answer.
Source = Literal["offline", "llm", "cache", "seller"]


@dataclass(frozen=True)
class Categorisation:
    department: str
    subcategory: str
    confidence: float
    source: Source
    reason: str | None = None


class Categoriser(Protocol):
    def categorise(
        self, titles: Sequence[str], normalised: Sequence[str] | None = None
    ) -> list[Categorisation]:
        """One result per title, in input order. `normalised` is `normalise_title` of each
        title when the caller has it already (it looked corrections up by it)."""
        ...
