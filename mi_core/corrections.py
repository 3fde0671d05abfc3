"""Seller corrections of categories: storing, undoing, applying and reviewing them.

A correction sets (department, subcategory) for every sale of the seller whose title has
the same normalised form (`normalise_title`), or for every item of a product group. A
group correction is expanded into the group's normalised titles when it is made: cluster
ids are renumbered whenever a seller is re-clustered, so the titles, not the id, say
what the correction applies to after later uploads. The newest correction of a title wins.

Where a correction takes effect:
- the categorise step looks corrections up before any model (`categorise_with_corrections`):
  `source` = 'seller', confidence 1, no model is paid for the title;
- dbt (`stg_category_corrections`, joined by `fct_sales`) overlays the current corrections
  on every categorised row, so storing or undoing one only needs a marts-only refresh of the
  seller, queued in the same transaction (`refresh_queue.enqueue(..., None)`).

Corrections of all sellers are kept for operators (`review`); none reaches the shared
model until an operator promotes it into the shipped knowledge (`promote`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import yaml
from sqlalchemy import Connection, Engine, text

from mi_core import refresh_queue
from mi_core.categorisation import Categorisation, Categoriser, OpenAICategoriser, load_taxonomy
from mi_core.categorisation.normalise import normalise_title, normalise_titles
from mi_core.categorisation.promoted import PROMOTED_PATH, load_promoted

SELLER_SOURCE = "seller"
SELLER_REASON = "seller correction"
MAX_TITLE_LENGTH = 1000


class CorrectionError(ValueError):
    """The correction cannot be stored (not in the taxonomy, empty title, ...)."""


class CorrectionNotFoundError(LookupError):
    """No such correction or product group for this seller."""


@dataclass(frozen=True)
class Correction:
    id: uuid.UUID
    title: str | None
    normalised_title: str | None
    group_id: int | None
    group_name: str | None
    department: str
    subcategory: str
    created_at: datetime
    normalised_titles: tuple[str, ...]


@dataclass(frozen=True)
class SellerCategory:
    """The category a seller set for one normalised title (their newest correction)."""

    correction_id: uuid.UUID
    department: str
    subcategory: str


def validate_category(department: str, subcategory: str) -> None:
    taxonomy = load_taxonomy()
    if department not in taxonomy.departments:
        raise CorrectionError(f"department {department!r} is not in the taxonomy")
    if not taxonomy.is_valid(department, subcategory):
        raise CorrectionError(
            f"subcategory {subcategory!r} is not in department {department!r}; it has: "
            + ", ".join(taxonomy.departments[department])
        )


# --- storing and undoing (each in the caller's transaction, with the marts refresh) ---


def correct_title(
    conn: Connection, tenant_id: uuid.UUID, title: str, department: str, subcategory: str
) -> Correction:
    """Set the category of every sale of the seller whose title normalises like `title`;
    replaces the seller's earlier correction of that normalised title."""
    validate_category(department, subcategory)
    key = normalise_title(title or "")
    if not key:
        raise CorrectionError("the title is empty once normalised (no words to match on)")
    conn.execute(
        text(
            "delete from category_corrections where tenant_id = :t and title is not null"
            " and normalised_title = :key"
        ),
        {"t": tenant_id, "key": key},
    )
    return _insert(conn, tenant_id, department, subcategory, [key], title=title, key=key)


def correct_group(
    conn: Connection, tenant_id: uuid.UUID, group_id: int, department: str, subcategory: str
) -> Correction:
    """Set the category of every item of one of the seller's product groups, as the marts
    show the group now (`marts.dim_title_clusters`)."""
    validate_category(department, subcategory)
    if not conn.execute(text("select to_regclass('marts.dim_title_clusters')")).scalar():
        raise CorrectionNotFoundError(f"no product group {group_id}")  # no marts built yet
    rows = conn.execute(
        text(
            "select item_title, cluster_name from marts.dim_title_clusters"
            " where tenant_id = :t and cluster_id = :g"
        ),
        {"t": tenant_id, "g": group_id},
    ).all()
    if not rows:
        raise CorrectionNotFoundError(f"no product group {group_id}")
    keys = sorted({k for k in (normalise_title(title) for title, _ in rows) if k})
    if not keys:
        raise CorrectionError(f"product group {group_id} has no titles to match on")
    return _insert(
        conn, tenant_id, department, subcategory, keys, group_id=group_id, group_name=rows[0][1]
    )


def _insert(
    conn: Connection,
    tenant_id: uuid.UUID,
    department: str,
    subcategory: str,
    keys: list[str],
    *,
    title: str | None = None,
    key: str | None = None,
    group_id: int | None = None,
    group_name: str | None = None,
) -> Correction:
    correction_id = uuid.uuid4()
    created_at = conn.execute(
        text(
            "insert into category_corrections (id, tenant_id, title, normalised_title,"
            " group_id, group_name, department, subcategory, taxonomy_version)"
            " values (:id, :t, :title, :key, :g, :name, :d, :s, :v) returning created_at"
        ),
        {
            "id": correction_id,
            "t": tenant_id,
            "title": title,
            "key": key,
            "g": group_id,
            "name": group_name,
            "d": department,
            "s": subcategory,
            "v": load_taxonomy().version,
        },
    ).scalar_one()
    conn.execute(
        text(
            "insert into category_correction_titles (correction_id, tenant_id, normalised_title)"
            " values (:id, :t, :key)"
        ),
        [{"id": correction_id, "t": tenant_id, "key": k} for k in keys],
    )
    refresh_queue.enqueue(conn, tenant_id, None)
    return Correction(
        correction_id,
        title,
        key,
        group_id,
        group_name,
        department,
        subcategory,
        created_at,
        tuple(keys),
    )


def undo(conn: Connection, tenant_id: uuid.UUID, correction_id: uuid.UUID) -> None:
    """Delete one of the seller's corrections; another seller's id is not found."""
    deleted = conn.execute(
        text("delete from category_corrections where id = :id and tenant_id = :t"),
        {"id": correction_id, "t": tenant_id},
    ).rowcount
    if not deleted:
        raise CorrectionNotFoundError(f"no correction {correction_id}")
    refresh_queue.enqueue(conn, tenant_id, None)


def corrections_of(conn: Connection, tenant_id: uuid.UUID) -> list[Correction]:
    """The seller's corrections, newest first."""
    rows = conn.execute(
        text(
            "select c.id, c.title, c.normalised_title, c.group_id, c.group_name, c.department,"
            " c.subcategory, c.created_at,"
            " array_agg(t.normalised_title order by t.normalised_title)"
            " from category_corrections c join category_correction_titles t"
            " on t.correction_id = c.id where c.tenant_id = :t"
            " group by c.id order by c.created_at desc, c.id"
        ),
        {"t": tenant_id},
    ).all()
    return [Correction(*row[:8], tuple(row[8])) for row in rows]


# --- applying them in the categorise step ---


def seller_categories(engine: Engine, tenant_id: uuid.UUID | str) -> dict[str, SellerCategory]:
    """normalised title → the seller's newest correction of it."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "select distinct on (t.normalised_title) t.normalised_title, c.id,"
                " c.department, c.subcategory"
                " from category_correction_titles t join category_corrections c"
                " on c.id = t.correction_id where t.tenant_id = :t"
                " order by t.normalised_title, c.created_at desc, c.id desc"
            ),
            {"t": tenant_id},
        ).all()
    return {key: SellerCategory(cid, dept, sub) for key, cid, dept, sub in rows}


@dataclass(frozen=True)
class Decision:
    category: Categorisation
    normalised_title: str
    # The offline model's answer where a correction decided the row (kept for undo).
    model: Categorisation | None = None


def categorise_with_corrections(
    titles: Sequence[str], categoriser: Categoriser, corrections: Mapping[str, SellerCategory]
) -> list[Decision]:
    """Corrections first: a corrected title never reaches the configured model (an LLM is
    not paid for it); it gets the offline answer beside it, so an undo needs no re-run."""
    keys = normalise_titles(titles)
    corrected = [i for i, key in enumerate(keys) if key in corrections]
    modelled = [i for i, key in enumerate(keys) if key not in corrections]
    decisions: list[Decision | None] = [None] * len(titles)
    answers = (
        categoriser.categorise([titles[i] for i in modelled], [keys[i] for i in modelled])
        if modelled
        else []
    )
    for i, answer in zip(modelled, answers, strict=True):
        decisions[i] = Decision(answer, keys[i])
    offline = _offline_of(categoriser)
    fallbacks = (
        offline.categorise([titles[i] for i in corrected], [keys[i] for i in corrected])
        if corrected
        else []
    )
    for i, fallback in zip(corrected, fallbacks, strict=True):
        seller = corrections[keys[i]]
        category = Categorisation(
            seller.department, seller.subcategory, 1.0, SELLER_SOURCE, SELLER_REASON
        )
        decisions[i] = Decision(category, keys[i], fallback)
    return [d for d in decisions if d is not None]


def _offline_of(categoriser: Categoriser) -> Categoriser:
    return categoriser.offline if isinstance(categoriser, OpenAICategoriser) else categoriser


# --- operators: review and promotion into the shipped knowledge ---


@dataclass(frozen=True)
class ReviewRow:
    normalised_title: str
    department: str
    subcategory: str
    sellers: int  # sellers whose current correction of the title says this category
    sellers_correcting: int  # sellers with any correction of the title
    promoted: bool


def review(engine: Engine, promoted_path: Path = PROMOTED_PATH) -> list[ReviewRow]:
    """Every (normalised title → category) sellers set, ranked by how many agree; only each
    seller's newest correction of a title counts."""
    promoted = load_promoted(promoted_path)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "with current as ("
                "  select distinct on (t.tenant_id, t.normalised_title) t.tenant_id,"
                "   t.normalised_title, c.department, c.subcategory"
                "  from category_correction_titles t join category_corrections c"
                "   on c.id = t.correction_id"
                "  order by t.tenant_id, t.normalised_title, c.created_at desc, c.id desc)"
                " select normalised_title, department, subcategory,"
                "  count(*) as sellers,"
                "  sum(count(*)) over (partition by normalised_title) as correcting"
                " from current group by 1, 2, 3"
                " order by sellers desc, correcting desc, normalised_title, department,"
                "  subcategory"
            )
        ).all()
    return [
        ReviewRow(key, dept, sub, int(n), int(total), promoted.get(key) == (dept, sub))
        for key, dept, sub, n, total in rows
    ]


def promote(
    engine: Engine,
    title: str,
    *,
    department: str | None = None,
    subcategory: str | None = None,
    path: Path = PROMOTED_PATH,
) -> ReviewRow:
    """Write a reviewed correction into the shipped knowledge the offline model reads.

    `title` is a title (normalised here) or a correction's id; without a category, the one
    most sellers agree on is taken. Only categories sellers actually set can be promoted.
    """
    key = _review_key(engine, title)
    candidates = [r for r in review(engine, path) if r.normalised_title == key]
    if department is not None:
        candidates = [
            r for r in candidates if (r.department, r.subcategory) == (department, subcategory)
        ]
    if not candidates:
        raise CorrectionNotFoundError(f"no seller correction of {key!r} to promote")
    chosen = candidates[0]
    validate_category(chosen.department, chosen.subcategory)
    _write_promoted(path, chosen)
    return ReviewRow(
        chosen.normalised_title,
        chosen.department,
        chosen.subcategory,
        chosen.sellers,
        chosen.sellers_correcting,
        True,
    )


def _review_key(engine: Engine, title_or_id: str) -> str:
    try:
        correction_id = uuid.UUID(title_or_id)
    except ValueError:
        return normalise_title(title_or_id)
    with engine.connect() as conn:
        key = conn.execute(
            text("select normalised_title from category_corrections where id = :id"),
            {"id": correction_id},
        ).scalar()
    if key is None:
        raise CorrectionNotFoundError(f"no title correction {correction_id}")
    return key


def _write_promoted(path: Path, row: ReviewRow) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    data = data or {}
    entries = data.setdefault("corrections", {})
    entries[row.normalised_title] = {
        "department": row.department,
        "subcategory": row.subcategory,
        "sellers": row.sellers,
        "promoted_at": datetime.now(UTC).date().isoformat(),
    }
    data["corrections"] = dict(sorted(entries.items()))
    header = (
        "# Seller corrections reviewed by an operator and promoted with"
        " `mi corrections promote`.\n# normalised title → category; read by the offline"
        " categoriser before its rules.\n"
    )
    path.write_text(header + yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    load_promoted.cache_clear()
