"""Offline confidence: raw evidence → probability that the department is right.

The map was fitted on synthetic titles generated from the knowledge base (never on
labelled listings): `python -m mi_core.categorisation.synthetic` regenerates
`TABLE` and `NO_EVIDENCE_CONFIDENCE` after the knowledge base changes, and
`tests/mi_core/test_categorisation_offline.py` checks the shipped table still matches.

Raw evidence is the winning department's share of all department evidence and the
total evidence mass. Each mass band has its own monotone (isotonic) curve over the
share, stored at the grid points below and interpolated linearly in between.
"""

from __future__ import annotations

from bisect import bisect_right

SHARE_GRID = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0)
MASS_EDGES = (2.0, 4.0, 7.0)  # bands: < 2, 2-4, 4-7, >= 7
# fmt: off
TABLE = (
    (0.100, 0.100, 0.411, 0.475, 0.602, 0.743, 0.743, 0.743, 0.743, 0.743),
    (0.300, 0.300, 0.430, 0.485, 0.624, 0.764, 0.907, 0.917, 0.917, 0.917),
    (0.100, 0.100, 0.357, 0.514, 0.666, 0.910, 0.966, 0.970, 0.970, 0.970),
    (0.100, 0.312, 0.582, 0.793, 0.938, 0.970, 0.970, 0.970, 0.970, 0.970),
)
# fmt: on
NO_EVIDENCE_CONFIDENCE = 0.399
MAX_CONFIDENCE = 0.99


def mass_band(mass: float) -> int:
    return bisect_right(MASS_EDGES, mass)


def calibrated_confidence(share: float, mass: float) -> float:
    """P(department right) for a winning share of `share` out of `mass` evidence."""
    row = TABLE[mass_band(mass)]
    if share <= SHARE_GRID[0]:
        value = row[0]
    elif share >= SHARE_GRID[-1]:
        value = row[-1]
    else:
        i = bisect_right(SHARE_GRID, share)
        lo, hi = SHARE_GRID[i - 1], SHARE_GRID[i]
        value = row[i - 1] + (row[i] - row[i - 1]) * (share - lo) / (hi - lo)
    return round(min(value, MAX_CONFIDENCE), 4)
