"""Title normalisation shared by de-duplication, cache keys and the offline rules.

The offline categoriser only ever sees normalised titles, so two titles with the
same normalised form always get the same category: that is what makes caching by
normalised title sound. Adult sizes and condition shorthand are stripped (they
say nothing about the category and would split the cache); children's sizes such
as "2t" or "3-6 months" are kept because they are the strongest "Kids" cue.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_KIDS_SIZE = (
    r"(?:\d{1,2}\s?t|\d{1,2}\s?-\s?\d{1,2}\s?(?:m|mo|mos|months?)|\d{1,2}\s?(?:m|mo|mos|months?)"
    r"|nb|newborn|\d{1,2}(?:\.5)?\s?c|youth(?:\s\w+)?|\d{1,2}(?:\.5)?\s?y)"
)
_ADULT_SIZE = (
    r"(?:\d{1,2}(?:\.\d)?\s?(?:w|l)?(?:\s?x\s?\d{2})?|xxs|xs|s|m|l|xl|xxl|xxxl|\dx|\dxl"
    r"|one\s?size|os|small|medium|large|petite|plus)"
)
_SIZE_WORD = r"(?:size[sd]?|sz|sze|sizing)"
# "size 3t" keeps "3t"; "size 10.5" / "sz xl" / "size m/l" disappear.
_SIZED_KIDS = re.compile(rf"\b{_SIZE_WORD}\s*:?\s*(?={_KIDS_SIZE}\b)")
_SIZED_ADULT = re.compile(rf"\b{_SIZE_WORD}\s*:?\s*{_ADULT_SIZE}(?:\s?[/-]\s?{_ADULT_SIZE})?\b")
_LOOSE_SIZES = re.compile(r"\b(?:os|tc2?|xxs|xs|xxl|xxxl|[1-5]xl?|xl|\d{2}\s?x\s?\d{2})\b")
_CONDITION = re.compile(
    r"\b(?:b?nwo?t|bnib|nib|nip|nwb|euc|guc|vguc|vgc|nwob|new with(?:out)? tags?|new in box"
    r"|free ship(?:ping)?|fast ship(?:ping)?|obo|firm|htf|rare|authentic|brand new)\b"
)
# Waist x inseam ("32x30", "W34 L32", "32/30") is how men's trousers are sized: kept as one token.
_WAIST_INSEAM = re.compile(
    r"\b(?:size\s*|sz\s*)?(?:w\s?)?(?:2[6-9]|3\d|4[0-8])\s?(?:x\s?|l\s?|/\s?)(?:2[6-9]|3[0-6])\b"
)
_NON_WORD = re.compile(r"[^\w]+|_")
_SPACES = re.compile(r"\s+")


def normalise_title(title: str) -> str:
    """Casefolded, accent-folded, size/condition/punctuation-free, single-spaced title."""
    text = unicodedata.normalize("NFKC", title).translate(_APOSTROPHES).casefold()
    # Sellers type "Estée" and "Estee" alike: fold accents so both share a key (most
    # titles are ASCII and have none: skipping them halves the time of a title).
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    text = text.replace("'", "").replace("&", " and ")
    text = _WAIST_INSEAM.sub(" wxl ", text)
    text = _SIZED_KIDS.sub("", text)
    text = _SIZED_ADULT.sub(" ", text)
    text = _NON_WORD.sub(" ", text)
    text = _LOOSE_SIZES.sub(" ", text)
    text = _CONDITION.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def normalise_titles(titles: Sequence[str]) -> list[str]:
    """`normalise_title` of each title, each distinct title worked out once (a report
    repeats titles: one per sale)."""
    memo = {title: normalise_title(title or "") for title in set(titles)}
    return [memo[title] for title in titles]
