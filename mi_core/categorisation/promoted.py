"""Seller corrections an operator reviewed and promoted (`mi corrections promote`): the
shipped knowledge the offline categoriser consults before its rules.

Nothing gets here unreviewed: the file is written only by `mi_core.corrections.promote`
and is committed with the code. Entries no longer in the taxonomy are ignored.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from .taxonomy import load_taxonomy

PROMOTED_PATH = Path(__file__).with_name("promoted_corrections.yaml")
# A category several sellers agreed on and an operator confirmed; not 1.0, which is kept
# for the seller's own correction of their own sales.
PROMOTED_CONFIDENCE = 0.95
PROMOTED_REASON = "reviewed seller correction"


@cache
def load_promoted(path: Path = PROMOTED_PATH) -> dict[str, tuple[str, str]]:
    """normalised title → (department, subcategory)."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    taxonomy = load_taxonomy()
    entries = data.get("corrections") or {}
    return {
        str(key): (entry["department"], entry["subcategory"])
        for key, entry in entries.items()
        if taxonomy.is_valid(entry["department"], entry["subcategory"])
    }
