"""Report files for the sales-report tests: where the real sample is, and files derived
from it the way people and older exports change them (never written into the repo)."""

from __future__ import annotations

from itertools import cycle
from pathlib import Path

import pytest

SAMPLE_NAME = "mercari_sales_report_sample.csv"
BOM = b"\xef\xbb\xbf"


def find_sample() -> Path:
    """The real sample: `shared/data` beside the clone or beside any folder above it
    (a worktree sits one level deeper than the main checkout)."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "data" / SAMPLE_NAME
        if candidate.exists():
            return candidate
    return Path(__file__).resolve().parents[2] / "shared" / "data" / SAMPLE_NAME


SAMPLE = find_sample()

# Facts of the real sample (its own Totals row), as in the existing parser tests.
SAMPLE_ROWS, SAMPLE_COMPLETED, SAMPLE_CANCELLED = 755, 597, 158


def sample_bytes() -> bytes:
    if not SAMPLE.exists():
        pytest.skip(f"sample report not present at {SAMPLE}")
    return SAMPLE.read_bytes()


def split_lines(data: bytes) -> tuple[bytes, list[bytes]]:
    """(BOM or b"", lines without their endings) of a file with LF endings."""
    bom = BOM if data.startswith(BOM) else b""
    text = data.removeprefix(BOM)
    assert b"\r" not in text
    return bom, text.split(b"\n")


def with_line_endings(data: bytes, endings: tuple[bytes, ...]) -> bytes:
    """The file with its line endings replaced by `endings`, in turn."""
    bom, lines = split_lines(data)
    ending = cycle(endings)
    return bom + b"".join(line + next(ending) for line in lines[:-1]) + lines[-1]


# The 2022 layout: no Penalty Fee (position 14 of 21), no buyer-side fees (18-20), and
# the seller's processing fee named "Payment Processing Fee".
_DROPPED_FROM_END = (7, 3, 2, 1)  # positions 14, 18, 19, 20 counted from the end


def mercari_cells(line: bytes) -> list[bytes]:
    """A Mercari line's pieces between '","' (its title may hold several)."""
    assert line.startswith(b'"') and line.endswith(b'"'), line[:40]
    return line[1:-1].split(b'","')


def mercari_join(pieces: list[bytes]) -> bytes:
    return b'"' + b'","'.join(pieces) + b'"'


def to_2022_layout(data: bytes) -> bytes:
    """A current (21-column) Mercari export as the 2022 export wrote it (17 columns).

    Columns after the title are dropped counting from the end, so a title holding the
    separator cannot shift them."""
    bom, lines = split_lines(data)
    out = []
    for line in lines:
        pieces = mercari_cells(line)
        for position in _DROPPED_FROM_END:
            del pieces[len(pieces) - position]
        out.append(mercari_join(pieces))
    current, old = b'"Payment Processing Fee Charged To Seller"', b'"Payment Processing Fee"'
    out[0] = out[0].replace(current, old)
    return bom + b"\n".join(out)
