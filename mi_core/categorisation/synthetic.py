"""Synthetic labelled titles from the knowledge base, and the calibration fit on them.

    .venv/bin/python -m mi_core.categorisation.synthetic [--write]  # refit calibration

Titles are built the way sellers write them: one or two phrases naming the item, often a
brand or a who-it-is-for cue, sizes, conditions and filler words the knowledge base does
not know, sometimes a misleading word from another department, sometimes nothing known
at all. Labels come from the generator, so nothing here is learnt from real listings.
The department mix (`knowledge.DEPARTMENT_MIX`) is a general picture of a US resale
marketplace (women's fashion and beauty dominate), not measured from any labelled set.
Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from . import knowledge
from .kb import _entries
from .knowledge import DEPARTMENT_MIX
from .normalise import normalise_title

# How often a title says who the clothing is for.
CUE_RATE = {"Women": 0.3, "Men": 0.55, "Kids": 0.7}
GARMENT_RATE = {"Women": 0.65, "Men": 0.7, "Kids": 0.5}
SECOND_PHRASE_RATE = 0.4
DISTRACTOR_RATE = 0.3
UNKNOWN_ONLY_RATE = 0.08
# The word that names the item is one the knowledge base does not know (a model name, a
# niche product): whatever else is in the title then decides.
DROP_RATE = 0.25
FLOOR, CEILING = 0.1, 0.97  # real titles are messier than any generator: never certain
KIDS_SIZES = ("size 4t", "2t", "3-6 months", "0-3m", "youth M", "10c", "size 6y", "12 months")
_FILLER_TEXT = (
    "new black white pink blue red green grey navy gold silver purple brown beige cute "
    "bundle lot nwt euc nwot free ship size small medium large xl os firm 2 3 10 12 "
    "style summer fall winter spring soft worn once excellent condition great "
    "gift only authentic rare limited edition original classic mini mega super best"
)
FILLER = _FILLER_TEXT.split()


@dataclass(frozen=True)
class _Tables:
    items: dict[str, list[str]]  # department → phrases naming its items
    garments: dict[str, list[str]]  # Women / Men / Kids → garment phrases they wear
    cues: dict[str, list[str]]  # Women / Men / Kids → who-it-is-for phrases
    modifiers: dict[str, list[str]]
    everything: list[str]


def _tables() -> _Tables:
    items: dict[str, list[str]] = defaultdict(list)
    garments: dict[str, list[str]] = defaultdict(list)
    cues: dict[str, list[str]] = defaultdict(list)
    modifiers: dict[str, list[str]] = defaultdict(list)
    for target, phrase, weight in _entries(knowledge.ITEMS):
        if weight > 0:
            items[target.partition("/")[0]].append(phrase)
    for target, phrase, weight in _entries(knowledge.GARMENTS):
        if weight > 0:
            women, men, _ = target.split("|")
            for dept, side in (("Women", women), ("Men", men), ("Kids", "x")):
                if side:
                    garments[dept].append(phrase)
    for target, phrase, weight in _entries(knowledge.GENDER):
        if weight >= 1.5:
            kids = ("Baby", "Girl", "Boy", "Character")
            group = "Kids" if target in kids else target
            cues[group].append(phrase)
    for target, phrase, weight in _entries(knowledge.MODIFIERS):
        if weight >= 1:
            modifiers[target].append(phrase)
    everything = sorted({p for ps in (*items.values(), *garments.values()) for p in ps})
    return _Tables(dict(items), dict(garments), dict(cues), dict(modifiers), everything)


def _item_phrase(rng: random.Random, t: _Tables, dept: str) -> list[str]:
    if dept in GARMENT_RATE and rng.random() < GARMENT_RATE[dept]:
        words = [rng.choice(t.garments[dept])]
        if rng.random() < CUE_RATE[dept]:
            cue = rng.choice(KIDS_SIZES) if dept == "Kids" and rng.random() < 0.4 else None
            words.insert(0, cue or rng.choice(t.cues[dept]))
        return words
    if dept in t.modifiers and rng.random() < 0.5:
        base = rng.choice(("Women", "Women", "Men", "Home", "Toys & Collectibles", "Kids"))
        return [rng.choice(t.modifiers[dept]), *_item_phrase(rng, t, base)]
    return [rng.choice(t.items[dept])]


def synthetic_titles(n: int, seed: int = 0) -> list[tuple[str, str]]:
    """`n` (raw title, true department) pairs."""
    rng = random.Random(seed)
    t = _tables()
    depts, weights = zip(*DEPARTMENT_MIX.items(), strict=True)
    out = []
    for _ in range(n):
        dept = rng.choices(depts, weights)[0]
        words: list[str] = []
        if rng.random() >= UNKNOWN_ONLY_RATE:
            words += _item_phrase(rng, t, dept)
            if rng.random() < DROP_RATE:
                words[-1] = _nonsense(rng)
            if rng.random() < SECOND_PHRASE_RATE:
                words.insert(0, rng.choice(t.items.get(dept) or t.garments[dept]))
            if rng.random() < DISTRACTOR_RATE:
                words.insert(rng.randrange(len(words) + 1), rng.choice(t.everything))
        for _ in range(rng.randint(1 if words else 2, 5)):
            filler = rng.choice(FILLER) if rng.random() < 0.6 else _nonsense(rng)
            words.insert(rng.randrange(len(words) + 1), filler)
        out.append((" ".join(words), dept))
    return out


def _nonsense(rng: random.Random) -> str:
    """A word the knowledge base does not know: a model name, a shop's own brand."""
    letters = "bcdfghjklmnprstvwz"
    vowels = "aeiou"
    return "".join(rng.choice(letters) + rng.choice(vowels) for _ in range(rng.randint(2, 4)))


def fit(n: int = 150_000, seed: int = 0) -> tuple[tuple[tuple[float, ...], ...], float, float]:
    """(TABLE, NO_EVIDENCE_CONFIDENCE, held-out ECE) fitted on synthetic titles."""
    import numpy as np
    from sklearn.isotonic import IsotonicRegression

    from .calibration import MASS_EDGES, SHARE_GRID, mass_band
    from .offline import is_bundle_or_reserved, raw_decision

    rows = []
    unknown = []
    for title, dept in synthetic_titles(n, seed):
        key = normalise_title(title)
        if not key or is_bundle_or_reserved(key):
            continue
        raw = raw_decision(key)
        if raw is None:
            unknown.append(dept == "Women")
        else:
            rows.append((raw.share, raw.mass, raw.department == dept))
    data = np.array(rows, dtype=float)
    train = np.arange(len(data)) % 5 != 0
    table = []
    bands = np.array([mass_band(m) for m in data[:, 1]])
    for band in range(len(MASS_EDGES) + 1):
        sel = train & (bands == band)
        iso = IsotonicRegression(y_min=FLOOR, y_max=CEILING, out_of_bounds="clip")
        iso.fit(data[sel, 0], data[sel, 2])
        table.append(tuple(round(float(v), 3) for v in iso.predict(np.array(SHARE_GRID))))
    no_evidence = round(float(np.mean(unknown)), 3) if unknown else 0.3
    test = ~train
    conf = np.array([_interp(table[b], s) for s, b in zip(data[test, 0], bands[test], strict=True)])
    return tuple(table), no_evidence, _ece(conf, data[test, 2])


def _interp(row: tuple[float, ...], share: float) -> float:
    import numpy as np

    from .calibration import SHARE_GRID

    return float(np.interp(share, SHARE_GRID, row))


def _ece(conf, correct, bins: int = 10) -> float:
    import numpy as np

    idx = np.clip((conf * bins).astype(int), 0, bins - 1)
    return float(
        sum(
            (idx == b).mean() * abs(conf[idx == b].mean() - correct[idx == b].mean())
            for b in range(bins)
            if (idx == b).any()
        )
    )


def render(table: tuple[tuple[float, ...], ...], no_evidence: float) -> str:
    rows = "".join("    (" + ", ".join(f"{v:.3f}" for v in row) + "),\n" for row in table)
    return f"TABLE = (\n{rows})\n# fmt: on\nNO_EVIDENCE_CONFIDENCE = {no_evidence}\n"


def main() -> None:
    """Print the fitted table; with --write, replace it in calibration.py."""
    import sys
    from pathlib import Path

    table, no_evidence, ece = fit()
    text = render(table, no_evidence)
    print(text + f"# held-out synthetic ECE {ece:.3f}")
    if "--write" in sys.argv:
        path = Path(__file__).with_name("calibration.py")
        source = path.read_text(encoding="utf-8")
        start = source.index("TABLE = (")
        end = source.index("\n", source.index("NO_EVIDENCE_CONFIDENCE =")) + 1
        path.write_text(source[:start] + text + source[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
