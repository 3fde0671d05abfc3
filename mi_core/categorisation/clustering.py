"""Group a seller's titles into product lines ("Rae Dunn mug") with revenue per group.

TF-IDF on normalised titles → MiniBatchKMeans with a fixed seed (deterministic for the
same input). Bundle/reserved titles carry buyer names, so they skip the model and go to
a fixed cluster whose name is constant; other names only use words that occur in at
least `MIN_NAME_DF` different titles of the cluster, so a one-off name never surfaces.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

from .normalise import normalise_title
from .offline import is_bundle_or_reserved

BUNDLE_CLUSTER_ID = -1
BUNDLE_CLUSTER_NAME = "Bundles & reserved listings"
MAX_CLUSTERS = 200
MIN_NAME_DF = 2
NAME_SHARE = 0.5  # a name word must appear in at least half of the titles
MAX_NAME_WORDS = 3
RANDOM_STATE = 0
# Words that describe condition or packaging rather than the product line.
_NAME_STOPWORDS = frozenset(
    [
        "and",
        "the",
        "a",
        "an",
        "of",
        "for",
        "with",
        "in",
        "on",
        "to",
        "new",
        "nwt",
        "lot",
        "set",
        "size",
        "sz",
        "pack",
        "pc",
        "pcs",
        "piece",
        "x",
        "by",
    ]
)
CLUSTER_COLUMNS = ["cluster_id", "name", "size", "revenue", "typical_price"]


@dataclass(frozen=True)
class ClusterResult:
    cluster_ids: pd.Series  # aligned with the input frame's index
    clusters: pd.DataFrame  # CLUSTER_COLUMNS, largest first


def n_clusters_for(n_titles: int) -> int:
    """About sqrt(n/2): 50 titles → 5 groups, 10,000 → 70, capped for readability."""
    return max(1, min(MAX_CLUSTERS, round(math.sqrt(n_titles / 2))))


@dataclass(frozen=True)
class ClusterModel:
    """A fitted clustering, kept so that later titles can join existing clusters."""

    vectoriser: TfidfVectorizer | None
    kmeans: MiniBatchKMeans | None
    fitted_titles: int

    def predict(self, texts: list[str]) -> np.ndarray:
        if self.kmeans is None or self.vectoriser is None or not texts:
            return np.zeros(len(texts), dtype=int)
        return self.kmeans.predict(self.vectoriser.transform(texts))


def cluster_titles(frame: pd.DataFrame) -> ClusterResult:
    return fit_clusters(frame)[0]


def fit_clusters(frame: pd.DataFrame) -> tuple[ClusterResult, ClusterModel]:
    """Cluster every title from scratch; also return the model for `assign_titles`."""
    normalised, bundle = _prepare(frame)
    ids = np.full(len(frame), BUNDLE_CLUSTER_ID, dtype=int)
    rest = np.flatnonzero(~bundle)
    model = ClusterModel(None, None, 0)
    if len(rest):
        ids[rest], model = _fit_kmeans(normalised.iloc[rest].tolist())
    cluster_ids = pd.Series(ids, index=frame.index, name="cluster_id")
    return ClusterResult(cluster_ids, _summarise(frame, normalised, cluster_ids)), model


def assign_titles(titles: list[str], model: ClusterModel) -> np.ndarray:
    """Clusters for new titles in an existing clustering: the nearest cluster, or the
    bundles cluster. Cost grows with these titles only."""
    frame = pd.DataFrame({"title": titles})
    normalised, bundle = _prepare(frame)
    ids = np.full(len(titles), BUNDLE_CLUSTER_ID, dtype=int)
    rest = np.flatnonzero(~bundle)
    if len(rest):
        ids[rest] = model.predict(normalised.iloc[rest].tolist())
    return ids


def _prepare(frame: pd.DataFrame) -> tuple[pd.Series, np.ndarray]:
    titles = frame["title"].fillna("").astype(str)
    return titles.map(normalise_title), titles.map(is_bundle_or_reserved).to_numpy(dtype=bool)


def _fit_kmeans(texts: list[str]) -> tuple[np.ndarray, ClusterModel]:
    # Imported here: scikit-learn costs seconds of start-up in every Dagster run worker.
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    k = n_clusters_for(len(texts))
    distinct = len(set(texts))
    if k == 1 or distinct <= 1:
        return np.zeros(len(texts), dtype=int), ClusterModel(None, None, len(texts))
    vectoriser = TfidfVectorizer(
        ngram_range=(1, 2),
        min_df=2 if len(texts) >= 50 else 1,
        max_features=50_000,
        sublinear_tf=True,
        dtype=np.float32,
    )
    try:
        matrix = vectoriser.fit_transform(texts)
    except ValueError:  # only stop words / empty vocabulary
        return np.zeros(len(texts), dtype=int), ClusterModel(None, None, len(texts))
    model = MiniBatchKMeans(
        n_clusters=min(k, distinct),
        random_state=RANDOM_STATE,
        n_init=3,
        batch_size=4096,
        max_no_improvement=10,
    )
    labels = model.fit_predict(matrix)
    return labels, ClusterModel(vectoriser, model, len(texts))


def _summarise(frame: pd.DataFrame, normalised: pd.Series, ids: pd.Series) -> pd.DataFrame:
    price = pd.to_numeric(frame["item_price"], errors="coerce").fillna(0.0)
    completed = frame["is_completed"].fillna(False).astype(bool)
    data = pd.DataFrame(
        {
            "cluster_id": ids,
            "title": normalised,
            "price": price,
            "revenue": price.where(completed, 0.0),
        }
    )
    rows = []
    for cluster_id, group in data.groupby("cluster_id", sort=True):
        rows.append(
            {
                "cluster_id": int(cluster_id),
                "name": _name(int(cluster_id), group["title"].tolist()),
                "size": len(group),
                "revenue": round(float(group["revenue"].sum()), 2),
                "typical_price": round(float(group["price"].median()), 2),
            }
        )
    table = pd.DataFrame(rows, columns=CLUSTER_COLUMNS)
    return table.sort_values(["size", "cluster_id"], ascending=[False, True], ignore_index=True)


def _name(cluster_id: int, titles: list[str]) -> str:
    if cluster_id == BUNDLE_CLUSTER_ID:
        return BUNDLE_CLUSTER_NAME
    counts: Counter[str] = Counter()
    positions: dict[str, float] = {}
    for title in titles:
        words = [w for w in title.split() if w not in _NAME_STOPWORDS and not w.isdigit()]
        for pos, word in enumerate(dict.fromkeys(words)):
            counts[word] += 1
            positions[word] = positions.get(word, 0.0) + pos
    floor = max(MIN_NAME_DF, math.ceil(NAME_SHARE * len(titles)))
    ranked = sorted((w for w, c in counts.items() if c >= floor), key=lambda w: (-counts[w], w))
    if not ranked:
        ranked = sorted(
            (w for w, c in counts.items() if c >= MIN_NAME_DF), key=lambda w: (-counts[w], w)
        )
    core = ranked[:MAX_NAME_WORDS]
    # Words in the order sellers write them: "rae dunn mug", not "mug rae dunn".
    core.sort(key=lambda w: (positions[w] / counts[w], w))
    return _title_case(" ".join(core)) if core else "Miscellaneous"


def _title_case(phrase: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in phrase.split())
