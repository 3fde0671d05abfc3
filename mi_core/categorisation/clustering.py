"""Group a seller's titles into product groups ("Rae Dunn mugs") with revenue per group.

A product group is one kind of item: titles are first split by what the offline
categoriser says they are (department, subcategory and the phrase naming the item:
"mug", "luggage set", "throw pillow"), then a kind sold under one brand, character or
theme by at least `MIN_LINE_TITLES` titles becomes its own line ("Rae Dunn mugs",
"Christmas throw pillows"). A group's name is therefore always its item's own words,
optionally preceded by words its titles share in that order, never two unrelated words.
Kinds with too few titles join their subcategory's group ("Kitchen & Dining").
Deterministic for the same input. Bundle/reserved titles carry buyer names, so they go
to a fixed group whose name is constant.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .normalise import normalise_title
from .offline import is_bundle_or_reserved, item_kind
from .taxonomy import UNCATEGORISED

BUNDLE_CLUSTER_ID = -1
BUNDLE_CLUSTER_NAME = "Bundles & reserved listings"
MAX_CLUSTERS = 200
# A kind of item needs this many distinct titles to be a group of its own, and a brand or
# theme this many within it to be a line of its own.
MIN_KIND_TITLES = 3
MIN_LINE_TITLES = 3
# Words that describe condition, packaging, colour or size rather than a product line.
_NAME_STOPWORDS_TEXT = (
    "and the a an of for with in on to new nwt nwot euc nib bnib used lot set size sz"
    " pack pc pcs piece x by free ship shipping authentic brand rare cute small medium large"
    " xl xs xxl os one black white pink blue red green grey gray navy gold silver purple"
    " brown beige tan cream yellow orange clear multi color colors mini inch oz qt ml lb"
    " bundle only like worn never box tags w full dozen gen generation edition limited"
    " original genuine great excellent condition"
)
_NAME_STOPWORDS = frozenset(_NAME_STOPWORDS_TEXT.split())
# Nouns whose plural is the same word (or that are not counted).
_UNCOUNTED_TEXT = (
    "luggage bedding jewelry jewellery makeup decor clothing clothes glassware silverware"
    " flatware dinnerware cookware bakeware hosiery footwear outerwear swimwear sleepwear"
    " activewear underwear loungewear pajamas leggings jeans shorts pants tights skincare"
    " art artwork edp edt parfum"
)
_UNCOUNTED = frozenset(_UNCOUNTED_TEXT.split()) | {"wall art", "eau de parfum", "eau de toilette"}
CLUSTER_COLUMNS = ["cluster_id", "name", "size", "revenue", "typical_price"]
MODEL_VERSION = 2


@dataclass(frozen=True)
class ClusterResult:
    cluster_ids: pd.Series  # aligned with the input frame's index
    clusters: pd.DataFrame  # CLUSTER_COLUMNS, largest first


@dataclass(frozen=True)
class ClusterModel:
    """A fitted grouping, kept so that later titles can join existing groups: a title
    joins its line, else its kind, else its subcategory's group, else `fallback_id`."""

    lines: dict[tuple[str, str, str, str], int] = field(default_factory=dict)
    kinds: dict[tuple[str, str, str], int] = field(default_factory=dict)
    categories: dict[tuple[str, str], int] = field(default_factory=dict)
    fallback_id: int = 0
    fitted_titles: int = 0
    version: int = MODEL_VERSION

    def predict(self, texts: list[str]) -> np.ndarray:
        return np.array([self._predict_one(t) for t in texts], dtype=int)

    def _predict_one(self, normalised: str) -> int:
        kind = item_kind(normalised)
        category = (kind.department, kind.subcategory)
        known = {key[2] for key in (*self.kinds, *self.lines) if key[:2] == category}
        noun = _general_noun(_naming_noun(kind.noun), known)
        for line_key, cluster_id in self.lines.items():
            if line_key[:3] == (*category, noun) and _has_words(normalised, line_key[3]):
                return cluster_id
        found = self.kinds.get((*category, noun or ""))
        if found is not None:
            return found
        return self.categories.get(category, self.fallback_id)


def is_current(model: object) -> bool:
    """Whether a stored model was fitted by this version of the grouping."""
    return isinstance(model, ClusterModel) and getattr(model, "version", None) == MODEL_VERSION


def cluster_titles(frame: pd.DataFrame) -> ClusterResult:
    return fit_clusters(frame)[0]


def fit_clusters(frame: pd.DataFrame) -> tuple[ClusterResult, ClusterModel]:
    """Group every title from scratch; also return the model for `assign_titles`."""
    normalised, bundle = _prepare(frame)
    ids = np.full(len(frame), BUNDLE_CLUSTER_ID, dtype=int)
    rest = np.flatnonzero(~bundle)
    names: dict[int, str] = {BUNDLE_CLUSTER_ID: BUNDLE_CLUSTER_NAME}
    model = ClusterModel()
    if len(rest):
        ids[rest], model, fitted_names = _fit_groups(normalised.iloc[rest].tolist())
        names.update(fitted_names)
    cluster_ids = pd.Series(ids, index=frame.index, name="cluster_id")
    return ClusterResult(cluster_ids, _summarise(frame, cluster_ids, names)), model


def assign_titles(titles: list[str], model: ClusterModel) -> np.ndarray:
    """Groups for new titles in an existing grouping (cost grows with these titles only)."""
    frame = pd.DataFrame({"title": titles})
    normalised, bundle = _prepare(frame)
    ids = np.full(len(titles), BUNDLE_CLUSTER_ID, dtype=int)
    rest = np.flatnonzero(~bundle)
    if len(rest):
        ids[rest] = model.predict(normalised.iloc[rest].tolist())
    return ids


def _prepare(frame: pd.DataFrame) -> tuple[pd.Series, np.ndarray]:
    titles = frame["title"].fillna("").astype(str)
    # Sellers list the same item again and again: work on each distinct title once (a
    # fifth of the grouping's time went into normalising every row).
    distinct = titles.unique()
    normalised = dict(zip(distinct, map(normalise_title, distinct), strict=True))
    bundle = {title: is_bundle_or_reserved(title) for title in distinct}
    return titles.map(normalised), titles.map(bundle).to_numpy(dtype=bool)


@dataclass
class _Group:
    category: tuple[str, str]
    noun: str | None
    line: str | None
    titles: set[str] = field(default_factory=set)


def _fit_groups(texts: list[str]) -> tuple[np.ndarray, ClusterModel, dict[int, str]]:
    distinct = sorted(set(texts))
    kinds = {t: item_kind(t) for t in distinct}
    nouns: dict[tuple[str, str], set[str]] = defaultdict(set)
    for kind in kinds.values():
        if kind.noun:
            nouns[(kind.department, kind.subcategory)].add(_naming_noun(kind.noun) or "")
    by_kind: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for title in distinct:
        kind = kinds[title]
        category = (kind.department, kind.subcategory)
        noun = _general_noun(_naming_noun(kind.noun), nouns[category])
        by_kind[(*category, noun or "")].append(title)
    groups: list[_Group] = []
    leftovers: dict[tuple[str, str], _Group] = {}
    for (dept, sub, noun), titles in sorted(by_kind.items()):
        if not noun or len(titles) < MIN_KIND_TITLES:
            rest = leftovers.setdefault((dept, sub), _Group((dept, sub), None, None))
            rest.titles.update(titles)
            continue
        groups.extend(_split_lines((dept, sub), noun, titles))
    groups.extend(leftovers[key] for key in sorted(leftovers))
    groups = _cap(groups)
    return _assemble(texts, groups)


def _split_lines(category: tuple[str, str], noun: str, titles: list[str]) -> list[_Group]:
    """One kind of item → its brand/theme lines of at least MIN_LINE_TITLES titles (the
    most shared descriptive words before the item's name, as sellers write them: "rae
    dunn", "christmas"), and the rest of the kind."""
    noun_words = set(noun.split())
    before = {t: _before(t, noun) for t in titles}
    words_of = {t: {w for w in before[t] if _descriptive(w, noun_words)} for t in titles}
    counts = Counter(w for t in titles for w in words_of[t])
    remaining = set(titles)
    groups: list[_Group] = []
    while counts:
        word, count = min(counts.items(), key=lambda wc: (-wc[1], wc[0]))
        if count < MIN_LINE_TITLES:
            break
        sharing = sorted(t for t in remaining if word in words_of[t])
        phrase = _grow([before[t] for t in sharing], word, noun_words)
        groups.append(_Group(category, noun, phrase, set(sharing)))
        for title in sharing:  # every sharing title has the phrase: it grew only so
            counts.subtract(words_of[title])
            remaining.discard(title)
        counts = +counts
    if remaining:
        groups.append(_Group(category, noun, None, remaining))
    return groups


def _grow(sharing: list[list[str]], word: str, noun_words: set[str]) -> str:
    """`word` widened left and right while every title that has it agrees on the next
    word ("rae" → "rae dunn")."""
    phrase = [word]
    for step in (-1, 1):
        while True:
            nxt = _neighbour(sharing, phrase, step)
            if nxt is None or not _descriptive(nxt, noun_words):
                break
            phrase = [nxt, *phrase] if step < 0 else [*phrase, nxt]
    return " ".join(phrase)


def _before(title: str, noun: str) -> list[str]:
    words = title.split()
    at = _find(words, noun.split())
    return words[:at] if at > 0 else []


def _neighbour(titles: list[list[str]], phrase: list[str], step: int) -> str | None:
    seen: set[str | None] = set()
    for words in titles:
        at = _find(words, phrase)
        j = at - 1 if step < 0 else at + len(phrase)
        seen.add(words[j] if at >= 0 and 0 <= j < len(words) else None)
        if len(seen) > 1:
            return None
    return seen.pop() if seen else None


def _find(words: list[str], phrase: list[str]) -> int:
    n = len(phrase)
    return next((i for i in range(len(words) - n + 1) if words[i : i + n] == phrase), -1)


def _has_words(title: str, phrase: str) -> bool:
    return _find(title.split(), phrase.split()) >= 0


def _descriptive(word: str, noun_words: set[str]) -> bool:
    return (
        len(word) > 1
        and word not in _NAME_STOPWORDS
        and word not in noun_words
        and not any(ch.isdigit() for ch in word)
    )


def _cap(groups: list[_Group]) -> list[_Group]:
    """At most MAX_CLUSTERS groups: the smallest kinds fold into their subcategory."""
    if len(groups) <= MAX_CLUSTERS:
        return groups
    ranked = sorted(groups, key=lambda g: (-len(g.titles), g.category, g.noun or "", g.line or ""))
    kept, folded = ranked[: MAX_CLUSTERS // 2], ranked[MAX_CLUSTERS // 2 :]
    rest: dict[tuple[str, str], _Group] = {}
    for group in folded:
        target = rest.setdefault(group.category, _Group(group.category, None, None))
        target.titles.update(group.titles)
    merged = kept + [rest[k] for k in sorted(rest)]
    if len(merged) > MAX_CLUSTERS:  # more subcategories than room: one catch-all
        catch_all = _Group((UNCATEGORISED, ""), None, None)
        for group in merged[MAX_CLUSTERS - 1 :]:
            catch_all.titles.update(group.titles)
        merged = [*merged[: MAX_CLUSTERS - 1], catch_all]
    return merged


def _assemble(
    texts: list[str], groups: list[_Group]
) -> tuple[np.ndarray, ClusterModel, dict[int, str]]:
    of_title: dict[str, int] = {}
    names: dict[int, str] = {}
    lines: dict[tuple[str, str, str, str], int] = {}
    kinds: dict[tuple[str, str, str], int] = {}
    categories: dict[tuple[str, str], int] = {}
    for cluster_id, group in enumerate(groups):
        for title in group.titles:
            of_title[title] = cluster_id
        names[cluster_id] = group_name(group.category, group.noun, group.line)
        if group.line:
            lines[(*group.category, group.noun or "", group.line)] = cluster_id
        elif group.noun:
            kinds[(*group.category, group.noun)] = cluster_id
        else:
            categories.setdefault(group.category, cluster_id)
    names = _disambiguate(names, groups)
    ids = np.array([of_title[t] for t in texts], dtype=int)
    fallback = len(groups)  # a new title of an unseen kind starts a group of its own
    model = ClusterModel(lines, kinds, categories, fallback, len(texts))
    return ids, model, names


def group_name(category: tuple[str, str], noun: str | None, line: str | None) -> str:
    """ "Rae Dunn mugs", "Luggage sets", or the subcategory for a mixed remainder."""
    if noun:
        words = f"{_title_case(line)} {_plural(noun)}" if line else _plural(noun).capitalize()
        return words
    department, subcategory = category
    if department == UNCATEGORISED or not subcategory:
        return "Miscellaneous"
    return subcategory if subcategory != "Other" else f"Other {department.lower()}"


def _disambiguate(names: dict[int, str], groups: list[_Group]) -> dict[int, str]:
    """Every name once: a subcategory's remainder that shares a kind's name is its
    "Other ..."; two groups of one name in two departments ("Sneakers") say whose."""
    out = dict(names)
    taken = Counter(out.values())
    for cluster_id, group in enumerate(groups):
        if group.noun is None and taken[out[cluster_id]] > 1:
            taken[out[cluster_id]] -= 1
            out[cluster_id] = f"Other {out[cluster_id][:1].lower()}{out[cluster_id][1:]}"
            taken[out[cluster_id]] += 1
    clashing = Counter(out.values())
    for cluster_id, group in enumerate(groups):
        if clashing[out[cluster_id]] > 1:
            out[cluster_id] = f"{out[cluster_id]} ({group.category[0]})"
    clashing = Counter(out.values())
    for cluster_id in sorted(out):  # still equal (same department): number them
        if clashing[out[cluster_id]] > 1:
            out[cluster_id] = f"{out[cluster_id]} {cluster_id + 1}"
    return out


def _naming_noun(noun: str | None) -> str | None:
    """The item phrase without counts in front ("3 piece luggage set" → "luggage set")."""
    if not noun:
        return None
    words = noun.split()
    while len(words) > 1 and (words[0] in {"piece", "pc", "pcs"} or words[0].isdigit()):
        words = words[1:]
    return " ".join(words)


def _general_noun(noun: str | None, known: set[str]) -> str | None:
    """The shortest known noun of the same subcategory that ends `noun`'s words: "throw
    pillow" and "christmas pillow" are pillows, "hardshell luggage" is luggage (so that
    one kind of item is one group, and its decoration words can name a line of it)."""
    if not noun:
        return noun
    words = noun.split()
    for start in range(len(words) - 1, 0, -1):
        suffix = " ".join(words[start:])
        if suffix in known:
            return suffix
    return noun


def _plural(noun: str) -> str:
    *head, last = noun.split()
    if noun in _UNCOUNTED or last in _UNCOUNTED or (last.endswith("s") and not last.endswith("ss")):
        plural = last
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        plural = last[:-1] + "ies"
    elif last.endswith(("ch", "sh", "x", "z", "ss")):
        plural = last + "es"
    else:
        plural = last + "s"
    return " ".join([*head, plural])


def _summarise(frame: pd.DataFrame, ids: pd.Series, names: dict[int, str]) -> pd.DataFrame:
    price = pd.to_numeric(frame["item_price"], errors="coerce").fillna(0.0)
    completed = frame["is_completed"].fillna(False).astype(bool)
    data = pd.DataFrame({"cluster_id": ids, "price": price, "revenue": price.where(completed, 0.0)})
    rows = [
        {
            "cluster_id": int(cluster_id),
            "name": names.get(int(cluster_id), "Miscellaneous"),
            "size": len(group),
            "revenue": round(float(group["revenue"].sum()), 2),
            "typical_price": round(float(group["price"].median()), 2),
        }
        for cluster_id, group in data.groupby("cluster_id", sort=True)
    ]
    table = pd.DataFrame(rows, columns=CLUSTER_COLUMNS)
    return table.sort_values(["size", "cluster_id"], ascending=[False, True], ignore_index=True)


def _title_case(phrase: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in phrase.split())


def group_coherence(cluster_ids: pd.Series, categories: pd.Series, revenue: pd.Series) -> float:
    """Revenue-weighted share of grouped sales whose category is their group's majority
    category (majority by revenue). The bundles group is left out: it is by design not
    one kind of item. Sales with no revenue count once each when a group has none."""
    data = pd.DataFrame(
        {"group": cluster_ids, "category": categories, "revenue": revenue.astype(float)}
    )
    data = data[data["group"] != BUNDLE_CLUSTER_ID]
    if data.empty:
        return 1.0
    if data["revenue"].sum() <= 0:
        data["revenue"] = 1.0
    by_pair = data.groupby(["group", "category"])["revenue"].sum()
    majority = by_pair.groupby(level="group").max()
    return float(majority.sum() / by_pair.sum())
