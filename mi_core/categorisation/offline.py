"""Offline categoriser: weighted evidence from the hand-written knowledge base.

Each known phrase in a normalised title adds evidence to (department, subcategory)
pairs. Clothing is split across Women / Men / Kids by who-it-is-for cues on top of a
marketplace prior, so an un-cued "hoodie" is honestly uncertain while "men's hoodie"
is not. Department evidence is then weighed against how common the department is, so a
weak word for a rare department does not beat a common reading. A few size and wording
patterns add evidence of their own: children's sizes, bra sizes ("36dd"), and "by" plus
an unknown name at the end of a title (a book and its author).

Confidence is a calibrated probability that the department is right: the winning
department's share of all evidence and the evidence mass, mapped through the table in
`calibration.py` (fitted on synthetic titles from the knowledge base, see `synthetic.py`).

Bundle / reserved listings ("Rae Dunn mug reserved for Ann") are categorised from what is
left once the buyer's name is removed, and are Uncategorised (with the reason) when nothing
known is left; either way they are never memoised, cached or sent to a model.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .calibration import NO_EVIDENCE_CONFIDENCE, calibrated_confidence
from .kb import Cue, Garment, Item, Modifier, is_known, is_strong, match_spans
from .knowledge import DEPARTMENT_MIX
from .normalise import normalise_title
from .promoted import PROMOTED_CONFIDENCE, PROMOTED_REASON, load_promoted
from .taxonomy import UNCATEGORISED
from .types import Categorisation

BUNDLE_REASON = "bundle or reserved listing"
EMPTY_REASON = "empty title"
NO_EVIDENCE_REASON = "no known item words: marketplace prior"
# "Bundle for @anna", "reserved 4 Kim", "hold for Jo", "custom listing for ...": such a
# title carries a buyer's name, so it is never cached or sent anywhere.
_BUNDLE = re.compile(
    r"^\s*(?:reserved|on hold)\b|\b(?:bundle|reserved|hold|listing|order)\s+(?:for|4)\b"
    r"|\bfor\s+@|@\w+\s+(?:bundle|only)\b"
)
# What follows "reserved for" / "bundle 4" / "on hold" is a buyer's name (one word kept out
# of the evidence: "Reserved for Amelia" must not read as a LuLaRoe Amelia dress).
_BUYER_CLAUSE = re.compile(
    r"\b(?:on\s+)?(?:reserved|hold|bundle|listing|order|requested)\s+(?:for|4)\s+\S+"
    r"|^\s*(?:reserved|on hold)\b|\b(?:reserved|hold|bundle|listing|requested)\b"
)
_SPACES = re.compile(r"\s+")
# Who buys clothing on a US resale marketplace when the title does not say (women's
# fashion dominates Mercari); cues in the title quickly outweigh these.
APPAREL_PRIOR = {"Women": 0.6, "Men": 0.25, "Kids": 0.15}
# Accessories listed under one gender in the knowledge base, and their counterpart.
COUNTERPARTS = {
    ("Women", "Jewelry"): "Jewelry",
    ("Women", "Accessories"): "Accessories",
    ("Women", "Handbags"): "Bags & Backpacks",
    ("Men", "Watches"): "Accessories",
    ("Men", "Accessories"): "Accessories",
    ("Men", "Bags & Backpacks"): "Handbags",
    ("Men", "Jewelry"): "Jewelry",
}
OWN_GENDER_PRIOR = 0.8  # a necklace is usually women's even without a cue
NO_EVIDENCE = ("Women", "Other")
# Evidence is weighed against how common each department is (a tempered prior): one weak
# word for a rare department ("cat" → Pet Supplies) should not beat a common reading.
PRIOR_STRENGTH = 0.2
_COMMONEST = max(DEPARTMENT_MIX.values())
DEPARTMENT_WEIGHT = {
    dept: (share / _COMMONEST) ** PRIOR_STRENGTH for dept, share in DEPARTMENT_MIX.items()
}
HEAD_BONUS = 0.5  # English titles are head-final: "iphone case" is a case
# Item type wins: once a title names its item ("Minnie Mouse tumbler", "Eiffel Tower
# print"), decoration words (THEMES: characters, holidays, places, motifs) only break
# ties. Evidence at least this strong from a non-theme phrase counts as naming the item.
NOUN_WEIGHT = 1.5
THEME_SCALE = 0.15
_COMPATIBILITY = frozenset({"for", "fits", "fit", "compatible"})
_AUDIENCES = frozenset(
    {"dog", "dogs", "puppy", "puppies", "cat", "cats", "kitten", "kittens", "pet", "pets"}
)
COMPATIBILITY_SCALE = 0.5
# Children's shoe and clothing sizes: "7c", "5 c", "6y", "t9", "2t", "10 12y" (not "34c",
# which is a bra size).
_KIDS_SIZE = re.compile(
    r"\b(?:(?:1[0-3]|[1-9])(?:\.5)?\s?c|(?:1[0-6]|[1-9])\s?y|t\s?\d{1,2}|\d{1,2}\s?t)\b"
)
KIDS_SIZE_WEIGHT = 3.0
# Band + cup ("36dd", "34 b"): only bras are sized so.
_BRA_SIZE = re.compile(r"\b(?:2[8-9]|3\d|4[0-6])\s?(?:aa|a|b|c|d|dd|ddd|dddd|e|f|g|h)\b")
BRA = Item("Women", "Intimates & Sleepwear", 2.5)
# "Glass by Ellen Hopkins": a title ending in "by" + two words that are no brand or item we
# know is a book and its author ("by Rae Dunn" names a brand; a weak hint such as "thomas"
# the train does not stop "by Angie Thomas" from naming an author).
_BY_AUTHOR = re.compile(r"\bby ([a-z]+) ([a-z]+)$")
BOOK = Item("Books", "Literature & Fiction", 2.5)


@dataclass
class _Cues:
    groups: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def mass(self, gender: str, prior: float) -> float:
        if gender == "Kids":
            kids_groups = ("Kids", "Baby", "Girl", "Boy", "Character")
            return prior + sum(self.groups[g] for g in kids_groups)
        return prior + self.groups[gender]

    def kids_sub(self, kind: str) -> str:
        if kind == "shoes":
            return "Kids' Shoes"
        if kind == "accessories":
            return "Kids' Accessories"
        baby, girl, boy = (self.groups[g] for g in ("Baby", "Girl", "Boy"))
        if baby > 0 and baby >= max(girl, boy):
            return "Baby Clothing"
        return "Boys' Clothing" if boy > girl else "Girls' Clothing"

    def total(self) -> float:
        """Cue mass that makes a title without a garment clothing ("Carter's 3-6 months")."""
        return sum(w for g, w in self.groups.items() if g not in ("Neutral", "Character"))


@dataclass
class _Evidence:
    cues: _Cues = field(default_factory=_Cues)
    items: list[tuple[Item, float]] = field(default_factory=list)
    garments: list[tuple[Garment, float]] = field(default_factory=list)
    modifiers: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    # Phrases that say what the item is: (first token, last token, evidence, weight).
    nouns: list[tuple[int, int, Item | Garment, float]] = field(default_factory=list)


def _head_end(tokens: list[str]) -> int:
    """Index of the last token naming the item: words after "for" / "fits" / "compatible"
    say what it goes with ("case for iphone 7", "game for gamecube"), unless they say who
    it is for ("costume for dogs" is a pet costume)."""
    for i, token in enumerate(tokens):
        audience = i + 1 < len(tokens) and tokens[i + 1] in _AUDIENCES
        if i and token in _COMPATIBILITY and not audience:
            return i - 1
    return len(tokens) - 1


def _is_noun(ev: object) -> bool:
    """Evidence that says what the item is: a strong item or garment phrase, no theme."""
    if isinstance(ev, Item):
        return not ev.theme and ev.weight >= NOUN_WEIGHT
    return isinstance(ev, Garment) and ev.weight >= NOUN_WEIGHT


def _collect(normalised: str) -> _Evidence:
    tokens = normalised.split()
    head_end = _head_end(tokens)
    found = _Evidence()
    if _KIDS_SIZE.search(normalised):
        found.cues.groups["Kids"] += KIDS_SIZE_WEIGHT
    if _BRA_SIZE.search(normalised):
        found.items.append((BRA, BRA.weight))
        found.cues.groups["Women"] += BRA.weight
    author = _BY_AUTHOR.search(normalised)
    if author and not is_known(author.groups()) and not any(is_strong(w) for w in author.groups()):
        found.items.append((BOOK, BOOK.weight))
    for start, pos, ev in match_spans(tokens):
        if pos > head_end:
            scale = COMPATIBILITY_SCALE
        else:  # the last word of the item's name gets the full head bonus
            scale = 1.0 + HEAD_BONUS * (pos / head_end if head_end else 1.0)
        if ev.weight <= 0:
            continue  # listed only to stop a shorter phrase from matching
        if isinstance(ev, Cue):
            found.cues.groups[ev.group] += ev.weight
        elif isinstance(ev, Modifier):
            found.modifiers[ev.department] += ev.weight
        elif isinstance(ev, Garment):
            found.garments.append((ev, ev.weight * scale))
        elif isinstance(ev, Item):
            found.items.append((ev, ev.weight * scale))
        if _is_noun(ev):
            found.nouns.append((start, pos, ev, ev.weight * scale))
    return found


def _split_by_gender(
    scores: dict[tuple[str, str], float],
    cues: _Cues,
    targets: dict[str, str],
    priors: dict[str, float],
    weight: float,
) -> None:
    """Spread `weight` over the departments in `targets` by prior + cue mass."""
    masses = {g: cues.mass(g, priors[g]) for g in targets}
    total = sum(masses.values())
    for gender, sub in targets.items():
        scores[(gender, sub)] += weight * masses[gender] / total


def _add_item(scores: dict[tuple[str, str], float], cues: _Cues, item: Item, w: float) -> None:
    counterpart = COUNTERPARTS.get((item.department, item.subcategory))
    if counterpart is None:
        scores[(item.department, item.subcategory)] += w
        return
    other = "Men" if item.department == "Women" else "Women"
    targets = {item.department: item.subcategory, other: counterpart, "Kids": "Kids' Accessories"}
    rest = (1 - OWN_GENDER_PRIOR) / 2
    priors = {item.department: OWN_GENDER_PRIOR, other: rest, "Kids": rest}
    _split_by_gender(scores, cues, targets, priors, w)


def _add_garment(scores: dict[tuple[str, str], float], cues: _Cues, g: Garment, w: float) -> None:
    targets = {"Women": g.women, "Men": g.men, "Kids": cues.kids_sub(g.kids_kind)}
    targets = {dept: sub for dept, sub in targets.items() if sub}
    _split_by_gender(scores, cues, targets, APPAREL_PRIOR, w)


_VINTAGE_SUBS = {
    "Jewelry": "Vintage Jewelry",
    "Handbags": "Vintage Bags & Purses",
    "Bags & Backpacks": "Vintage Bags & Purses",
}
_VINTAGE_DEPTS = {
    "Women": "Vintage Clothing",
    "Men": "Vintage Clothing",
    "Kids": "Vintage Clothing",
    "Home": "Vintage Housewares",
    "Electronics": "Vintage Electronics",
    "Toys & Collectibles": "Vintage Toys",
}
_HANDMADE_SUBS = {
    "Jewelry": "Jewelry",
    "Handbags": "Bags & Purses",
    "Bags & Backpacks": "Bags & Purses",
    "Accessories": "Accessories",
    "Artwork": "Art",
    "Painting & Drawing": "Art",
    "Paper Goods & Stickers": "Paper Goods & Stickers",
    "Planners & Calendars": "Paper Goods & Stickers",
}
_HANDMADE_DEPTS = {
    "Women": "Clothing",
    "Men": "Clothing",
    "Kids": "Children",
    "Home": "Home Décor",
    "Toys & Collectibles": "Toys",
}


def _modified_sub(department: str, base: tuple[str, str] | None) -> str:
    """Where a vintage/handmade item lands inside that department."""
    if base is None:
        return "Other"
    dept, sub = base
    if dept == department:
        return sub
    subs, depts = (
        (_VINTAGE_SUBS, _VINTAGE_DEPTS)
        if department == "Vintage & Collectibles"
        else (_HANDMADE_SUBS, _HANDMADE_DEPTS)
    )
    return subs.get(sub) or depts.get(dept, "Other")


def names_item(found: _Evidence) -> bool:
    """Whether some phrase says what the item is (not only how it is decorated)."""
    return any(not item.theme and item.weight >= NOUN_WEIGHT for item, _ in found.items) or any(
        g.weight >= NOUN_WEIGHT for g, _ in found.garments
    )


def _score(found: _Evidence) -> dict[tuple[str, str], float]:
    scores: dict[tuple[str, str], float] = defaultdict(float)
    theme_scale = THEME_SCALE if names_item(found) else 1.0
    for item, w in found.items:
        _add_item(scores, found.cues, item, w * theme_scale if item.theme else w)
    for garment, w in found.garments:
        _add_garment(scores, found.cues, garment, w)
    cue_total = found.cues.total()
    # "Carter's 3-6 months" or "LuLaRoe" alone is clothing; "lunch bag for women" is not:
    # who-it-is-for cues only pick the department of items that have a gender.
    if not found.garments and cue_total > 0 and not _non_gendered_item(found):
        _add_garment(scores, found.cues, Garment("Other", "Other", "clothing", 0.0), cue_total / 2)
    base = max(scores, key=scores.__getitem__) if scores else None
    base_score = scores[base] if base else 0.0
    for department, weight in found.modifiers.items():
        # Sellers who say "handmade"/"vintage" often list there, more so for weak items.
        scores[(department, _modified_sub(department, base))] += weight + 0.5 * base_score
    return scores


def _non_gendered_item(found: _Evidence) -> bool:
    return any(
        not item.theme
        and item.weight >= NOUN_WEIGHT
        and (item.department, item.subcategory) not in COUNTERPARTS
        and item.department not in APPAREL_PRIOR
        for item, _ in found.items
    )


@dataclass(frozen=True)
class RawDecision:
    """The winning (department, subcategory) and the uncalibrated evidence behind it."""

    department: str
    subcategory: str
    share: float  # the winning department's share of all department evidence
    mass: float  # total department evidence


def raw_decision(normalised: str) -> RawDecision | None:
    """Best answer for a normalised, non-bundle title; None when nothing is known."""
    return _decision(_collect(normalised))


def _decision(found: _Evidence) -> RawDecision | None:
    scores = _score(found)
    if not scores:
        return None
    by_dept: dict[str, float] = defaultdict(float)
    for (dept, _), s in scores.items():
        by_dept[dept] += s * DEPARTMENT_WEIGHT.get(dept, 1.0)
    # Ties break by name so the answer never depends on dict order.
    department = max(sorted(by_dept), key=by_dept.__getitem__)
    subs = {sub: s for (dept, sub), s in scores.items() if dept == department}
    subcategory = max(sorted(subs), key=subs.__getitem__)
    mass = sum(by_dept.values())
    return RawDecision(department, subcategory, by_dept[department] / mass, mass)


@dataclass(frozen=True)
class ItemKind:
    """What a title sells: its category and the phrase naming the item ("mug")."""

    department: str
    subcategory: str
    noun: str | None


def item_kind(normalised: str) -> ItemKind:
    """The offline category of a normalised title and the words that name its item (the
    strongest phrase supporting that category, the later one on a tie: titles are
    head-final). Product groups are built and named from this."""
    if not normalised or is_bundle_or_reserved(normalised):
        normalised = without_buyer(normalised)
    found = _collect(normalised)
    raw = _decision(found)
    if raw is None:
        return ItemKind(NO_EVIDENCE[0], NO_EVIDENCE[1], None)
    supporting = [n for n in found.nouns if _supports(n[2], raw.department, raw.subcategory)]
    candidates = supporting or found.nouns
    if not candidates:
        return ItemKind(raw.department, raw.subcategory, None)
    start, end, _, _ = max(candidates, key=lambda n: (n[3], n[1]))
    return ItemKind(raw.department, raw.subcategory, " ".join(normalised.split()[start : end + 1]))


def _supports(evidence: Item | Garment, department: str, subcategory: str) -> bool:
    if isinstance(evidence, Garment):
        return department == "Kids" or subcategory in (evidence.women, evidence.men)
    if (evidence.department, evidence.subcategory) == (department, subcategory):
        return True
    counterpart = COUNTERPARTS.get((evidence.department, evidence.subcategory))
    return counterpart is not None and subcategory in (counterpart, "Kids' Accessories")


def _decide(raw: RawDecision | None) -> Categorisation:
    if raw is None:
        return Categorisation(
            NO_EVIDENCE[0], NO_EVIDENCE[1], NO_EVIDENCE_CONFIDENCE, "offline", NO_EVIDENCE_REASON
        )
    confidence = calibrated_confidence(raw.share, raw.mass)
    return Categorisation(raw.department, raw.subcategory, confidence, "offline")


def is_bundle_or_reserved(normalised_or_raw: str) -> bool:
    return _BUNDLE.search(normalised_or_raw.casefold()) is not None


def without_buyer(normalised: str) -> str:
    """The title minus its "reserved for <name>" clause: what is left names the item."""
    return _SPACES.sub(" ", _BUYER_CLAUSE.sub(" ", normalised)).strip()


def _bundle_answer(normalised: str) -> Categorisation:
    """A reserved listing is still a sale of something: categorise it when the rest of the
    title names the item ("Rae Dunn mug reserved for Ann"), else say why we cannot."""
    raw = raw_decision(without_buyer(normalised))
    if raw is None:
        return Categorisation(UNCATEGORISED, "", 1.0, "offline", BUNDLE_REASON)
    return _decide(raw)


def categorise_normalised(normalised: str) -> Categorisation:
    """The offline answer for one already-normalised title."""
    if not normalised:
        return Categorisation(UNCATEGORISED, "", 1.0, "offline", EMPTY_REASON)
    if is_bundle_or_reserved(normalised):
        return _bundle_answer(normalised)
    return _decide(raw_decision(normalised))


class OfflineCategoriser:
    """Deterministic, network-free; memoises by normalised title."""

    def __init__(
        self, memo_size: int = 200_000, promoted: Mapping[str, tuple[str, str]] | None = None
    ) -> None:
        self._memo: dict[str, Categorisation] = {}
        self._memo_size = memo_size
        # Reviewed seller corrections (promoted.py) come before the rules.
        self._promoted = load_promoted() if promoted is None else promoted

    def categorise(
        self, titles: Sequence[str], normalised: Sequence[str] | None = None
    ) -> list[Categorisation]:
        # A title sold many times is answered once per call (kept only for the call: a
        # bundle's title may carry a buyer's name).
        answers: dict[str, Categorisation] = {}
        if normalised is None:
            for title in titles:
                if title not in answers:
                    answers[title] = self.categorise_one(title)
        else:
            for title, key in zip(titles, normalised, strict=True):
                if title not in answers:
                    answers[title] = self._categorise_normalised_title(title, key)
        return [answers[title] for title in titles]

    def categorise_one(self, title: str) -> Categorisation:
        return self._categorise_normalised_title(title, normalise_title(title or ""))

    def _categorise_normalised_title(self, title: str, normalised: str) -> Categorisation:
        if is_bundle_or_reserved(title):
            # Checked on the raw title too: "@name" is lost by normalisation. Never
            # memoised: the key carries a buyer's name.
            return _bundle_answer(normalised)
        return self.categorise_key(normalised)

    def categorise_key(self, normalised: str) -> Categorisation:
        hit = self._memo.get(normalised)
        if hit is None and normalised in self._promoted:
            department, subcategory = self._promoted[normalised]
            hit = Categorisation(
                department, subcategory, PROMOTED_CONFIDENCE, "offline", PROMOTED_REASON
            )
        if hit is None:
            hit = categorise_normalised(normalised)
            if len(self._memo) < self._memo_size:
                self._memo[normalised] = hit
        return hit
