"""Report files for the sales-report tests: where the real sample is, and files derived
from it the way people and older exports change them (never written into the repo)."""

from __future__ import annotations

from itertools import cycle

from tests.sample import REAL_SAMPLE

BOM = b"\xef\xbb\xbf"
SAMPLE = REAL_SAMPLE.path
SAMPLE_ROWS, SAMPLE_COMPLETED, SAMPLE_CANCELLED = (
    REAL_SAMPLE.rows,
    REAL_SAMPLE.completed,
    REAL_SAMPLE.cancelled,
)


# A completed sale whose numbers obey the net-proceeds rule: 20.00 - 2.00 - 0.88 = 17.12.
COMPLETED_ROW = {
    "Item Id": "m10000000001",
    "Sold Date": "2021-03-01",
    "Canceled Date": "",
    "Completed Date": "2021-03-05",
    "Item Title": "Plain Test Mug",
    "Order Status": "Completed",
    "Shipped to State": "Texas",
    "Shipped from State": "California",
    "Item Price": "20.00",
    "Buyer Shipping Fee": "5.99",
    "Seller Shipping Fee": "0.00",
    "Mercari Selling Fee": "2.00",
    "Payment Processing Fee Charged To Seller": "0.88",
    "Shipping Adjustment Fee": "0.00",
    "Penalty Fee": "0.00",
    "Net Seller Proceeds": "17.12",
    "Sales Tax Charged to Buyer": "1.60",
    "Merchant Fees Charged to Buyer": "0.00",
    "Service Fee Charged to Buyer": "0.00",
    "Buyer Protection Charged to Buyer": "0.00",
    "Payment Processing Fee Charged to Buyer": "0.00",
}


def sample_bytes() -> bytes:
    """The real sample's bytes: these tests derive files from its quirks, so they fail
    (never skip) where it is missing."""
    assert SAMPLE.exists(), f"{SAMPLE} is missing: put ../shared beside the clone"
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
