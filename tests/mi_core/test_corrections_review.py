"""Corrections in the categorise step (no model is asked for a corrected title), the
operators' review ranked by how many sellers agree, and promotion into the shipped
knowledge the offline categoriser reads (`mi corrections review` / `promote`)."""

from __future__ import annotations

import uuid

import pytest
from typer.testing import CliRunner

from mi_core.categorisation import Categorisation, OfflineCategoriser
from mi_core.categorisation.promoted import PROMOTED_CONFIDENCE, load_promoted
from mi_core.corrections import (
    CorrectionError,
    CorrectionNotFoundError,
    SellerCategory,
    categorise_with_corrections,
    correct_title,
    promote,
    review,
)
from tests.portal_helpers import create_seller


class RecordingCategoriser(OfflineCategoriser):
    """The offline model, noting every batch of titles it was asked about."""

    def __init__(self) -> None:
        super().__init__(promoted={})
        self.asked: list[list[str]] = []
        self.keys_given: list[list[str] | None] = []

    def categorise(self, titles, normalised=None):
        self.asked.append(list(titles))
        self.keys_given.append(None if normalised is None else list(normalised))
        return super().categorise(titles, normalised)


def test_a_corrected_title_is_decided_by_the_seller_and_keeps_the_models_answer():
    categoriser = RecordingCategoriser()
    corrections = {"shower curtain": SellerCategory(uuid.uuid4(), "Home", "Bath")}
    titles = ["Shower Curtain!", "Rae Dunn mug", "shower   curtain"]

    decisions = categorise_with_corrections(titles, categoriser, corrections)

    keys = [d.normalised_title for d in decisions]
    assert keys == ["shower curtain", "rae dunn mug", "shower curtain"]
    assert [d.category.source for d in decisions] == ["seller", "offline", "seller"]
    assert decisions[0].category == Categorisation(
        "Home", "Bath", 1.0, "seller", "seller correction"
    )
    assert decisions[0].model is not None and decisions[0].model.source == "offline"
    assert decisions[1].model is None
    # The configured model was asked about the uncorrected title only (the offline
    # fallback of corrected ones is this same offline categoriser here).
    assert categoriser.asked[0] == ["Rae Dunn mug"]
    # ...with the keys the corrections were looked up by, so no title is normalised twice.
    assert categoriser.keys_given[0] == ["rae dunn mug"]


@pytest.fixture
def title() -> str:
    """A title no other test corrects (the review spans every seller in the database)."""
    return f"Samsonite carry on spinner {uuid.uuid4().hex[:8]}"


def _correct(engine, seller_id, title: str, department: str, subcategory: str):
    with engine.begin() as conn:
        return correct_title(conn, seller_id, title, department, subcategory)


def test_review_ranks_categories_by_how_many_sellers_agree(engine, title):
    key = title.lower()
    agreeing = [create_seller(plan=None) for _ in range(3)]
    for seller in agreeing[:2]:
        _correct(engine, seller.id, title, "Other", "Automotive")
    # A seller changing their mind counts once, with their newest category.
    _correct(engine, agreeing[2].id, title.upper(), "Home", "Storage & Organization")
    _correct(engine, agreeing[2].id, title, "Home", "Bath")

    mine = [r for r in review(engine) if r.normalised_title == key]

    assert [(r.department, r.subcategory, r.sellers, r.sellers_correcting) for r in mine] == [
        ("Other", "Automotive", 2, 3),
        ("Home", "Bath", 1, 3),
    ]
    assert not any(r.promoted for r in mine)


def test_promoting_writes_the_shipped_knowledge_the_offline_model_reads(engine, title, tmp_path):
    knowledge = tmp_path / "promoted_corrections.yaml"
    for _ in range(2):
        _correct(engine, create_seller(plan=None).id, title, "Other", "Automotive")
    key = title.lower()
    before = OfflineCategoriser(promoted={}).categorise_one(title)

    promoted = promote(engine, title, path=knowledge)

    chosen = (promoted.department, promoted.subcategory, promoted.sellers)
    assert chosen == ("Other", "Automotive", 2)
    assert load_promoted(knowledge) == {key: ("Other", "Automotive")}
    after = OfflineCategoriser(promoted=load_promoted(knowledge)).categorise_one(title + "!")
    assert (after.department, after.subcategory, after.confidence) == (
        "Other",
        "Automotive",
        PROMOTED_CONFIDENCE,
    )
    assert (before.department, before.subcategory) != ("Other", "Automotive")
    assert [r.promoted for r in review(engine, knowledge) if r.normalised_title == key] == [True]
    # Only what sellers set can be promoted: no made-up category, no unknown title.
    with pytest.raises(CorrectionNotFoundError):
        promote(engine, title, department="Home", subcategory="Bath", path=knowledge)
    with pytest.raises(CorrectionNotFoundError):
        promote(engine, f"never corrected {uuid.uuid4()}", path=knowledge)


def test_a_correction_outside_the_taxonomy_is_refused(engine):
    seller = create_seller(plan=None)
    with pytest.raises(CorrectionError, match="not in department"):
        _correct(engine, seller.id, "Rae Dunn mug", "Home", "Not a subcategory")


def test_the_cli_reviews_and_promotes(engine, title, tmp_path):
    from mi_cli.cli import app

    knowledge = tmp_path / "knowledge.yaml"
    seller = create_seller(plan=None)
    correction = _correct(engine, seller.id, title, "Other", "Automotive")
    runner = CliRunner()

    listed = runner.invoke(app, ["corrections", "review", "--limit", "100000"])
    assert listed.exit_code == 0, listed.output
    assert f"{title.lower()} → Other › Automotive" in listed.output

    by_id = runner.invoke(
        app, ["corrections", "promote", str(correction.id), "--file", str(knowledge)]
    )
    assert by_id.exit_code == 0, by_id.output
    assert load_promoted(knowledge) == {title.lower(): ("Other", "Automotive")}

    refused = runner.invoke(
        app, ["corrections", "promote", "nobody ever sold this", "--file", str(knowledge)]
    )
    assert refused.exit_code == 1
    assert "no seller correction" in refused.output
