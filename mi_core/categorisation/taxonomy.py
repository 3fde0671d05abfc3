"""The fixed department/subcategory taxonomy every result must come from."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

TAXONOMY_PATH = Path(__file__).with_name("taxonomy.yaml")
UNCATEGORISED = "Uncategorised"
# Separator of the "Department > Subcategory" labels the LLM is asked to pick from.
LABEL_SEPARATOR = " > "


@dataclass(frozen=True)
class Taxonomy:
    version: str
    departments: dict[str, tuple[str, ...]]
    # (department, subcategory) of an earlier version → where it lives in this one.
    renamed: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    _pairs: frozenset[tuple[str, str]] = field(default=frozenset(), repr=False)

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """Every valid (department, subcategory) in file order."""
        return [(d, s) for d, subs in self.departments.items() for s in subs]

    def is_valid(self, department: str, subcategory: str) -> bool:
        return (department, subcategory) in self._pairs

    def labels(self) -> list[str]:
        return [label_of(d, s) for d, s in self.pairs]

    def parse_label(self, label: str) -> tuple[str, str] | None:
        """Inverse of `label_of`; None when the label is not in this taxonomy."""
        dept, sep, sub = label.partition(LABEL_SEPARATOR)
        if not sep or not self.is_valid(dept, sub):
            return None
        return dept, sub


def label_of(department: str, subcategory: str) -> str:
    return f"{department}{LABEL_SEPARATOR}{subcategory}"


def parse_taxonomy(raw: dict[str, object]) -> Taxonomy:
    version = raw.get("version")
    departments = raw.get("departments")
    if not isinstance(version, str) or not isinstance(departments, dict) or not departments:
        raise ValueError("taxonomy needs a string `version` and a non-empty `departments` map")
    parsed: dict[str, tuple[str, ...]] = {}
    for dept, subs in departments.items():
        if not isinstance(subs, list) or not subs or len(set(subs)) != len(subs):
            raise ValueError(
                f"department {dept!r} needs a non-empty list of distinct subcategories"
            )
        if LABEL_SEPARATOR.strip() in dept or any(LABEL_SEPARATOR.strip() in s for s in subs):
            raise ValueError(f"'>' is reserved as the label separator (department {dept!r})")
        parsed[str(dept)] = tuple(str(s) for s in subs)
    if UNCATEGORISED in parsed:
        raise ValueError(f"{UNCATEGORISED!r} is reserved for titles that cannot be categorised")
    pairs = frozenset((d, s) for d, subs in parsed.items() for s in subs)
    renamed = _parse_renamed(raw.get("renamed") or {}, pairs)
    return Taxonomy(version=version, departments=parsed, renamed=renamed, _pairs=pairs)


def _parse_renamed(
    raw: object, pairs: frozenset[tuple[str, str]]
) -> dict[tuple[str, str], tuple[str, str]]:
    """`Old/Sub: New/Sub` lines: the old pair is gone, the new one exists."""
    if not isinstance(raw, dict):
        raise ValueError("taxonomy `renamed` must map 'Department/Subcategory' to another")
    renamed: dict[tuple[str, str], tuple[str, str]] = {}
    for old, new in raw.items():
        old_pair, new_pair = _pair(str(old)), _pair(str(new))
        if old_pair in pairs:
            raise ValueError(f"renamed {old!r} is still in the taxonomy")
        if new_pair not in pairs:
            raise ValueError(f"renamed {old!r} points at {new!r}, which is not in the taxonomy")
        renamed[old_pair] = new_pair
    return renamed


def _pair(text: str) -> tuple[str, str]:
    dept, sep, sub = text.partition("/")
    if not sep:
        raise ValueError(f"{text!r} is not 'Department/Subcategory'")
    return dept, sub


@cache
def load_taxonomy(path: Path = TAXONOMY_PATH) -> Taxonomy:
    """Load and validate the shipped taxonomy (cached: it is read on every import path)."""
    with path.open(encoding="utf-8") as handle:
        return parse_taxonomy(yaml.safe_load(handle))
