"""Product-line clustering of titles."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from mi_core.categorisation.clustering import (
    BUNDLE_CLUSTER_ID,
    BUNDLE_CLUSTER_NAME,
    CLUSTER_COLUMNS,
    cluster_titles,
)

# Pure: the categoriser needs no database.
pytestmark = pytest.mark.no_database

LINES = {
    "Rae Dunn mug": ["coffee", "tea", "love", "mama", "boo"],
    "Lularoe leggings": ["floral", "black", "tc", "galaxy", "stripe"],
    "Funko pop": ["batman", "elsa", "groot", "vader", "pikachu"],
    "Pandora charm": ["heart", "star", "moon", "owl", "anchor"],
}
BUYERS = ["Zelphina", "Quorra", "Brynmor"]


def frame() -> pd.DataFrame:
    rows = []
    for (line, words), i in itertools.product(LINES.items(), range(15)):
        rows.append((f"{line} {words[i % 5]} {i}", 10.0 + i, i % 4 != 0))
    rows += [(f"Bundle for {b}", 50.0, True) for b in BUYERS]
    rows += [(f"Reserved for {b}", 20.0, False) for b in BUYERS]
    return pd.DataFrame(rows, columns=["title", "item_price", "is_completed"])


def test_deterministic():
    first, second = cluster_titles(frame()), cluster_titles(frame())
    pd.testing.assert_series_equal(first.cluster_ids, second.cluster_ids)
    pd.testing.assert_frame_equal(first.clusters, second.clusters)


def test_table_shape_sizes_and_money():
    data = frame()
    result = cluster_titles(data)
    assert list(result.clusters.columns) == CLUSTER_COLUMNS
    assert result.clusters["size"].sum() == len(data)
    assert len(result.cluster_ids) == len(data)
    completed_revenue = data.loc[data["is_completed"], "item_price"].sum()
    assert result.clusters["revenue"].sum() == completed_revenue
    bundle = result.clusters.set_index("cluster_id").loc[BUNDLE_CLUSTER_ID]
    assert bundle["name"] == BUNDLE_CLUSTER_NAME and bundle["size"] == 6
    assert bundle["revenue"] == 150.0 and bundle["typical_price"] == 35.0


def test_product_lines_are_grouped_and_named():
    data = frame()
    result = cluster_titles(data)
    names = set(result.clusters["name"])
    line_of = data["title"].map(lambda t: next((ln for ln in LINES if t.startswith(ln)), "bundle"))
    purity = line_of.groupby(result.cluster_ids).nunique()
    assert (purity == 1).all()  # a cluster never mixes two product lines
    for line in LINES:
        assert any(line.lower() in name.lower() for name in names), (line, names)


def test_no_buyer_names_in_cluster_names():
    names = " ".join(cluster_titles(frame()).clusters["name"]).lower()
    assert not any(b.lower() in names for b in BUYERS)


def test_tiny_and_empty_inputs():
    one = cluster_titles(
        pd.DataFrame({"title": ["Mug"], "item_price": [5.0], "is_completed": [True]})
    )
    assert one.clusters["size"].tolist() == [1]
    empty = cluster_titles(pd.DataFrame({"title": [], "item_price": [], "is_completed": []}))
    assert empty.clusters.empty and empty.cluster_ids.empty
