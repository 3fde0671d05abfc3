"""Compile the text tables of `knowledge.py` into a phrase → evidence index."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

from . import knowledge
from .normalise import normalise_title
from .taxonomy import load_taxonomy

MAX_PHRASE_TOKENS = 4
# "Character": children's characters (Paw Patrol, Elmo) say the wearer is a child, but
# only for clothing and accessories; alone they never make a title clothing.
GENDER_GROUPS = ("Women", "Men", "Kids", "Baby", "Girl", "Boy", "Character", "Neutral")


@dataclass(frozen=True)
class Item:
    department: str
    subcategory: str
    weight: float
    # Decoration (a character, holiday, place or motif), not what the item is.
    theme: bool = False


@dataclass(frozen=True)
class Garment:
    women: str  # "" when the garment is not worn by women
    men: str
    kids_kind: str  # "clothing" | "shoes" | "accessories"
    weight: float


@dataclass(frozen=True)
class Cue:
    group: str  # one of GENDER_GROUPS
    weight: float


@dataclass(frozen=True)
class Modifier:
    department: str
    weight: float


Evidence = Item | Garment | Cue | Modifier


def _entries(table: str) -> Iterator[tuple[str, str, float]]:
    """Yield (target, phrase, weight) from the `Target weight: phrase=w, ...` format."""
    for line in table.replace("\\\n", " ").splitlines():
        head, sep, body = line.partition(":")
        if not sep:
            continue
        target, _, default = head.strip().rpartition(" ")
        for raw in body.split(","):
            phrase, eq, weight = raw.strip().rpartition("=")
            if not eq:
                phrase, weight = weight, default
            if phrase.strip():
                yield target, phrase.strip(), float(weight)


def _evidence(kind: str, target: str, weight: float) -> Evidence:
    if kind in ("item", "theme"):
        dept, _, sub = target.partition("/")
        if not load_taxonomy().is_valid(dept, sub):
            raise ValueError(f"knowledge base names {target!r}, which is not in the taxonomy")
        return Item(dept, sub, weight, theme=kind == "theme")
    if kind == "garment":
        women, men, kids = target.split("|")
        return Garment(women, men, kids, weight)
    if kind == "cue":
        if target not in GENDER_GROUPS:
            raise ValueError(f"unknown gender group {target!r}")
        return Cue(target, weight)
    return Modifier(target, weight)


def _variants(phrase: str) -> list[str]:
    """The phrase plus a derived plural, so tables only list the singular."""
    if phrase.endswith("s") or phrase[-1:].isdigit():
        return [phrase]
    plural = phrase[:-1] + "ies" if phrase.endswith("y") and phrase[-2:-1] not in "aeiou" else ""
    return [phrase, phrase + "s"] + ([plural] if plural else [])


@cache
def phrase_index() -> dict[tuple[str, ...], tuple[Evidence, ...]]:
    """Normalised phrase tokens → evidence; explicit phrases beat derived plurals."""
    tables = (
        ("item", knowledge.ITEMS),
        ("theme", knowledge.THEMES),
        ("garment", knowledge.GARMENTS),
        ("cue", knowledge.GENDER),
        ("modifier", knowledge.MODIFIERS),
    )
    explicit: dict[tuple[str, ...], list[Evidence]] = {}
    derived: dict[tuple[str, ...], list[Evidence]] = {}
    for kind, table in tables:
        for target, phrase, weight in _entries(table):
            evidence = _evidence(kind, target, weight)
            for n, variant in enumerate(_variants(normalise_title(phrase))):
                key = tuple(variant.split())
                if key and len(key) <= MAX_PHRASE_TOKENS:
                    (derived if n else explicit).setdefault(key, []).append(evidence)
    merged = {key: tuple(ev) for key, ev in derived.items() if key not in explicit}
    merged.update((key, tuple(ev)) for key, ev in explicit.items())
    return merged


def match(tokens: list[str]) -> Iterator[tuple[int, Evidence]]:
    """Greedy longest-match of known phrases; yields (token position, evidence)."""
    for _, end, evidence in match_spans(tokens):
        yield end, evidence


def match_spans(tokens: list[str]) -> Iterator[tuple[int, int, Evidence]]:
    """Like `match`, with each phrase's first and last token position."""
    index = phrase_index()
    i, n = 0, len(tokens)
    while i < n:
        for size in range(min(MAX_PHRASE_TOKENS, n - i), 0, -1):
            found = index.get(tuple(tokens[i : i + size]))
            if found is not None:
                for evidence in found:
                    yield i, i + size - 1, evidence
                i += size
                break
        else:
            for evidence in near_miss(tokens[i]):
                yield i, i, evidence
            i += 1


# Sellers pluralise what the tables list in the plural-free form the other way round
# ("glitters", "pantiliners"): an unknown word that is a known word plus "s"/"es" borrows
# that word's evidence, weakened. (Edit-distance matching of misspellings was tried and
# dropped: it matched names and model numbers more often than slips.)
MIN_STEM_LENGTH = 4
STEM_SCALE = 0.8


@cache
def near_miss(token: str) -> tuple[Evidence, ...]:
    """Weakened evidence of the known word `token` is a plural of; () when there is none."""
    if not token.endswith("s") or not token.isalpha():
        return ()
    index = phrase_index()
    for stem in (token[:-1], token[:-2]):
        found = index.get((stem,))
        if len(stem) >= MIN_STEM_LENGTH and found:
            return tuple(
                replace(ev, weight=ev.weight * STEM_SCALE) for ev in found if ev.weight > 0
            )
    return ()


STRONG_WEIGHT = 1.5


def is_known(tokens: tuple[str, ...]) -> bool:
    """Whether the knowledge base lists exactly this phrase."""
    return tokens in phrase_index()


def is_strong(word: str) -> bool:
    """Whether this single word is, on its own, real evidence (not just a weak hint)."""
    return any(ev.weight >= STRONG_WEIGHT for ev in phrase_index().get((word,), ()))
