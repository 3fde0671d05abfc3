"""Benchmark the categorisation piece.

    .venv/bin/python bench/bench_categorisation.py [DEV_CSV] [--skip-openai] [--skip-clustering]

Also measured: `bench/data/seller_style_titles.csv` (hand-labelled seller-style titles,
written before the issue-12 tuning and kept as a measure only) and product-group
coherence on the demo report and the real sample report.

DEV_CSV (default <repo>/../shared/data/mercari_listings_labeled_dev.csv) is used to MEASURE
only: nothing here feeds back into the categoriser. Its labels use Mercari's older tree;
`OLD_TO_NEW` below is the evaluation mapping from that tree to our taxonomy.

Judging: the department is right when it equals the mapped department (strict); the
lenient figure also accepts the listed alternates for old categories that straddle two
of our departments. The subcategory is judged only on rows whose old `Top/Sub` maps to
one or more of our subcategories (coverage printed), and is right when the predicted
(department, subcategory) is one of them.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from mi_core.categorisation.taxonomy import UNCATEGORISED, load_taxonomy  # noqa: E402

DEFAULT_DEV = REPO.parent / "shared" / "data" / "mercari_listings_labeled_dev.csv"
SELLER_STYLE = REPO / "bench" / "data" / "seller_style_titles.csv"
REPORTS = {
    "demo report": REPO / "mi_cli" / "demo_data" / "mercari_sales_report_demo.csv",
    "real sample report": REPO.parent / "shared" / "data" / "mercari_sales_report_sample.csv",
}

# Old top level → new department, unless a `Top/Sub` rule below says otherwise.
OLD_TOP = {
    "Women": "Women",
    "Men": "Men",
    "Kids": "Kids",
    "Home": "Home",
    "Electronics": "Electronics",
    "Beauty": "Beauty",
    "Vintage & Collectibles": "Vintage & Collectibles",
    "Sports & Outdoors": "Sports & Outdoors",
    "Handmade": "Handmade",
    "Other": "Other",
}
# Old `Top/Sub` → (new department, acceptable subcategories, alternate departments).
OLD_TO_NEW: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "Kids/Toys": ("Toys & Collectibles", (), ("Kids",)),
    "Kids/Girls 0-24 Mos": ("Kids", ("Baby Clothing",), ()),
    "Kids/Boys 0-24 Mos": ("Kids", ("Baby Clothing",), ()),
    "Kids/Girls 2T-5T": ("Kids", ("Girls' Clothing", "Kids' Shoes"), ()),
    "Kids/Girls (4+)": ("Kids", ("Girls' Clothing", "Kids' Shoes"), ()),
    "Kids/Boys 2T-5T": ("Kids", ("Boys' Clothing", "Kids' Shoes"), ()),
    "Kids/Boys (4+)": ("Kids", ("Boys' Clothing", "Kids' Shoes"), ()),
    "Kids/Gear": ("Kids", ("Baby Gear", "Car Seats & Strollers"), ()),
    "Kids/Diapering": ("Kids", ("Diapering",), ()),
    "Kids/Feeding": ("Kids", ("Feeding",), ()),
    "Kids/Car Seats & Accessories": ("Kids", ("Car Seats & Strollers",), ()),
    "Kids/Nursery": ("Kids", ("Nursery & Kids' Room",), ()),
    "Women/Athletic Apparel": ("Women", ("Activewear",), ("Sports & Outdoors",)),
    "Women/Tops & Blouses": ("Women", ("Tops & Blouses",), ()),
    "Women/Shoes": ("Women", ("Shoes",), ()),
    "Women/Jewelry": ("Women", ("Jewelry",), ()),
    "Women/Women's Handbags": ("Women", ("Handbags",), ()),
    "Women/Dresses": ("Women", ("Dresses",), ()),
    "Women/Sweaters": ("Women", ("Sweaters",), ()),
    "Women/Underwear": ("Women", ("Intimates & Sleepwear",), ()),
    "Women/Women's Accessories": ("Women", ("Accessories",), ()),
    "Women/Jeans": ("Women", ("Jeans",), ()),
    "Women/Swimwear": ("Women", ("Swimwear",), ()),
    "Women/Coats & Jackets": ("Women", ("Coats & Jackets",), ()),
    "Women/Pants": ("Women", ("Pants",), ()),
    "Women/Skirts": ("Women", ("Skirts",), ()),
    "Women/Maternity": ("Women", ("Maternity",), ()),
    "Women/Suits & Blazers": ("Women", ("Suits & Blazers",), ()),
    "Men/Shoes": ("Men", ("Shoes",), ()),
    "Men/Tops": ("Men", ("Tops & Shirts",), ()),
    "Men/Men's Accessories": ("Men", ("Accessories", "Watches", "Bags & Backpacks"), ()),
    "Men/Athletic Apparel": ("Men", ("Activewear",), ("Sports & Outdoors",)),
    "Men/Coats & Jackets": ("Men", ("Coats & Jackets",), ()),
    "Men/Sweats & Hoodies": ("Men", ("Sweats & Hoodies",), ()),
    "Men/Jeans": ("Men", ("Jeans",), ()),
    "Men/Shorts": ("Men", ("Shorts",), ()),
    "Men/Pants": ("Men", ("Pants",), ()),
    "Men/Sweaters": ("Men", ("Sweaters",), ()),
    "Beauty/Makeup": ("Beauty", ("Makeup",), ()),
    "Beauty/Skin Care": ("Beauty", ("Skin Care",), ()),
    "Beauty/Fragrance": ("Beauty", ("Fragrance",), ()),
    "Beauty/Tools & Accessories": (
        "Beauty",
        ("Tools & Accessories", "Nail Care", "Cosmetic Bags & Cases"),
        (),
    ),
    "Beauty/Bath & Body": ("Beauty", ("Bath & Body",), ()),
    "Beauty/Hair Care": ("Beauty", ("Hair Care",), ()),
    "Electronics/Cell Phones & Accessories": (
        "Electronics",
        ("Cell Phones & Smartphones", "Phone Cases & Accessories"),
        (),
    ),
    "Electronics/Video Games & Consoles": (
        "Electronics",
        ("Video Games", "Video Game Consoles", "Video Game Accessories"),
        (),
    ),
    "Electronics/Media": ("Electronics", ("Media (DVD, Blu-ray, CD)",), ("Books",)),
    "Electronics/TV, Audio & Surveillance": (
        "Electronics",
        ("TV & Video", "Headphones & Audio"),
        (),
    ),
    "Electronics/Computers & Tablets": (
        "Electronics",
        ("Computers & Laptops", "Tablets & eReaders", "Computer Accessories & Parts"),
        (),
    ),
    "Electronics/Cameras & Photography": ("Electronics", ("Cameras & Photography",), ()),
    "Home/Home Décor": ("Home", ("Home Décor", "Candles & Home Fragrance", "Lighting"), ()),
    "Home/Kitchen & Dining": ("Home", ("Kitchen & Dining",), ()),
    "Home/Bedding": ("Home", ("Bedding",), ()),
    "Home/Seasonal Décor": ("Home", ("Seasonal Décor",), ()),
    "Home/Kids' Home Store": ("Home", (), ("Kids",)),
    "Home/Storage & Organization": ("Home", ("Storage & Organization",), ()),
    "Home/Home Appliances": ("Home", ("Home Appliances",), ()),
    "Home/Bath": ("Home", ("Bath",), ()),
    "Home/Cleaning Supplies": ("Home", ("Cleaning Supplies",), ()),
    "Home/Artwork": ("Home", ("Artwork",), ()),
    "Home/Furniture": ("Home", ("Furniture",), ()),
    "Other/Daily & Travel items": ("Other", (), ("Beauty", "Luggage & Travel")),
    "Other/Office supplies": ("Office", (), ()),
    "Other/Books": ("Books", (), ()),
    "Other/Magazines": ("Books", ("Magazines",), ()),
    "Other/Pet Supplies": ("Pet Supplies", (), ()),
    "Other/Automotive": ("Other", ("Automotive",), ("Tools",)),
    "Other/Toys": ("Toys & Collectibles", (), ()),
    "Other/Arts & Crafts": ("Arts & Crafts", (), ()),
    "Vintage & Collectibles/Trading Cards": (
        "Toys & Collectibles",
        ("Trading Cards",),
        ("Vintage & Collectibles",),
    ),
    "Vintage & Collectibles/Toy": ("Vintage & Collectibles", (), ("Toys & Collectibles",)),
    "Vintage & Collectibles/Collectibles": (
        "Vintage & Collectibles",
        (),
        ("Toys & Collectibles",),
    ),
    "Vintage & Collectibles/Book": ("Books", (), ("Vintage & Collectibles",)),
    "Vintage & Collectibles/Electronics": ("Vintage & Collectibles", (), ("Electronics",)),
    "Vintage & Collectibles/Jewelry": ("Vintage & Collectibles", ("Vintage Jewelry",), ()),
    "Vintage & Collectibles/Clothing": ("Vintage & Collectibles", ("Vintage Clothing",), ()),
    "Vintage & Collectibles/Bags and Purses": (
        "Vintage & Collectibles",
        ("Vintage Bags & Purses",),
        (),
    ),
    "Vintage & Collectibles/Antique": ("Vintage & Collectibles", ("Antiques",), ()),
    "Sports & Outdoors/Apparel": ("Sports & Outdoors", ("Sports Apparel",), ("Women", "Men")),
    "Sports & Outdoors/Footwear": (
        "Sports & Outdoors",
        ("Athletic Footwear",),
        ("Women", "Men"),
    ),
    "Sports & Outdoors/Fan Shop": ("Sports & Outdoors", ("Fan Shop",), ()),
    "Sports & Outdoors/Exercise": ("Sports & Outdoors", ("Exercise & Fitness",), ()),
    "Sports & Outdoors/Team Sports": ("Sports & Outdoors", ("Team Sports",), ()),
    "Handmade/Paper Goods": ("Handmade", ("Paper Goods & Stickers",), ()),
    "Handmade/Jewelry": ("Handmade", ("Jewelry",), ()),
    "Handmade/Bags and Purses": ("Handmade", ("Bags & Purses",), ()),
    "Handmade/Children": ("Handmade", ("Children",), ()),
    "Handmade/Accessories": ("Handmade", ("Accessories",), ()),
    "Handmade/Art": ("Handmade", ("Art",), ()),
    "Handmade/Toys": ("Handmade", ("Toys",), ()),
    "Handmade/Clothing": ("Handmade", ("Clothing",), ()),
}


# Old `Top/Sub/Leaf` whose items our taxonomy (2026.12-1) moved out of the old `Top/Sub`.
OLD_LEAF_TO_NEW: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "Women/Women's Handbags/Cosmetic Bags": ("Beauty", ("Cosmetic Bags & Cases",), ("Women",)),
    "Beauty/Tools & Accessories/Bags & Cases": ("Beauty", ("Cosmetic Bags & Cases",), ()),
    "Women/Athletic Apparel/Socks": ("Women", ("Socks & Hosiery", "Activewear"), ()),
    "Men/Athletic Apparel/Socks": ("Men", ("Socks", "Activewear"), ()),
    "Home/Home Décor/Home Fragrance": (
        "Home",
        ("Candles & Home Fragrance", "Essential Oils & Diffusers"),
        (),
    ),
    "Home/Home Décor/Rugs": ("Home", ("Rugs & Doormats",), ()),
    "Home/Home Décor/Curtains & Window Treatments": (
        "Home",
        ("Curtains & Window Treatments",),
        (),
    ),
}


def map_old(category: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """Old `Top/Sub/Leaf` → (department, acceptable subcategories, alternate departments)."""
    if category in OLD_LEAF_TO_NEW:
        return OLD_LEAF_TO_NEW[category]
    top, _, rest = category.partition("/")
    sub = rest.split("/", 1)[0] if rest else ""
    if f"{top}/{sub}" in OLD_TO_NEW:
        return OLD_TO_NEW[f"{top}/{sub}"]
    return OLD_TOP.get(top, "Other"), (), ()


def expected_calibration_error(conf: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    edges = np.linspace(0.0, 1.0, bins + 1)
    idx = np.clip(np.digitize(conf, edges[1:-1]), 0, bins - 1)
    ece = 0.0
    for b in range(bins):
        mask = idx == b
        if mask.any():
            ece += mask.mean() * abs(conf[mask].mean() - correct[mask].mean())
    return float(ece)


def bench_offline(dev: pd.DataFrame) -> None:
    from mi_core.categorisation.offline import OfflineCategoriser

    titles = dev["name"].fillna("").astype(str).tolist()
    results = OfflineCategoriser().categorise(titles)
    mapped = [map_old(c) for c in dev["category_name"]]
    strict = np.array([r.department == m[0] for r, m in zip(results, mapped, strict=True)])
    lenient = np.array(
        [r.department in (m[0], *m[2]) for r, m in zip(results, mapped, strict=True)]
    )
    judged = [(r, m) for r, m in zip(results, mapped, strict=True) if m[1]]
    sub_ok = [r.department == m[0] and r.subcategory in m[1] for r, m in judged]
    print(f"offline, {len(titles)} dev titles (title only, brand column unused):")
    print(f"  department accuracy strict  {strict.mean():.3f}")
    print(f"  department accuracy lenient {lenient.mean():.3f}")
    # Error analysis is done on the even rows only; the odd rows are never looked at
    # row by row, so their figure is the honest estimate for unseen listings.
    even = np.arange(len(titles)) % 2 == 0
    for name, half in (("tuning half (even rows)", even), ("held-out half (odd rows)", ~even)):
        print(
            f"  {name}: strict {strict[half].mean():.3f} lenient {lenient[half].mean():.3f}"
            f" ({half.sum()} rows)"
        )
    print(
        f"  subcategory accuracy {np.mean(sub_ok):.3f} on {len(judged)} rows with a mapped"
        f" subcategory ({len(judged) / len(titles):.0%})"
    )
    # Bundle/reserved listings are deliberately left Uncategorised (buyer names): they
    # count as wrong above, and are left out of the calibration figures below.
    kept = np.array([r.department != UNCATEGORISED for r in results])
    print(
        f"  uncategorised (bundle/reserved/empty): {(~kept).sum()} rows;"
        f" department accuracy on the rest {strict[kept].mean():.3f}"
    )
    conf = np.array([r.confidence for r in results])[kept]
    ok = strict[kept]
    high = conf >= 0.8
    print(
        f"  ECE (10 bins, strict department, categorised rows) "
        f"{expected_calibration_error(conf, ok):.3f}"
    )
    share = ok[high].mean() if high.any() else float("nan")
    print(f"  confidence >= 0.8: {high.sum()} rows, {share:.3f} correct")
    held_out = high & ~even[kept]
    print(
        f"    of which held-out half: {held_out.sum()} rows, {ok[held_out].mean():.3f} correct;"
        f" held-out ECE {expected_calibration_error(conf[~even[kept]], ok[~even[kept]]):.3f}"
    )
    for lo, hi in ((0, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 1.01)):
        band = (conf >= lo) & (conf < hi)
        if band.any():
            print(
                f"    conf [{lo:.1f},{hi:.1f}): n={band.sum():4d} mean conf"
                f" {conf[band].mean():.2f} accuracy {ok[band].mean():.2f}"
            )
    if "--errors" in sys.argv:
        tuning = slice(0, None, 2)  # confusions of the tuning half only
        _print_confusions(dev.iloc[tuning], results[tuning], mapped[tuning])
    _bench_speed(titles)


def _print_confusions(dev: pd.DataFrame, results: list, mapped: list) -> None:
    pairs = pd.Series(
        [
            f"{m[0]} -> {r.department}"
            for r, m in zip(results, mapped, strict=True)
            if r.department != m[0]
        ]
    )
    print(pairs.value_counts().head(25).to_string())


def _bench_speed(titles: list[str]) -> None:
    from mi_core.categorisation.offline import OfflineCategoriser

    # Fresh categoriser per pass and distinct titles, so the memo cannot flatter the figure.
    many = [f"{t} {i}" for i in range(20) for t in titles]
    start, cpu_start = time.perf_counter(), time.process_time()
    OfflineCategoriser().categorise(many)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    # CPU time too: on a shared machine the wall clock mostly measures the neighbours.
    print(
        f"  throughput {len(many) / elapsed:,.0f} titles/s wall, {len(many) / cpu:,.0f}"
        f" titles/s of CPU time ({len(many)} distinct titles, cold)"
    )


def bench_seller_style(path: Path = SELLER_STYLE) -> None:
    """Accuracy and calibration on the hand-labelled seller-style titles (measure only)."""
    from mi_core.categorisation.offline import OfflineCategoriser

    labelled = pd.read_csv(path, comment="#")
    results = OfflineCategoriser().categorise(labelled["title"].astype(str).tolist())
    dept_ok = np.array(
        [r.department == d for r, d in zip(results, labelled["department"], strict=True)]
    )
    sub_ok = dept_ok & np.array(
        [r.subcategory == s for r, s in zip(results, labelled["subcategory"], strict=True)]
    )
    conf = np.array([r.confidence for r in results])
    high = conf >= 0.8
    print(f"seller-style titles ({len(labelled)} hand-labelled, {path.name}):")
    print(f"  department accuracy {dept_ok.mean():.3f}  subcategory accuracy {sub_ok.mean():.3f}")
    print(
        f"  ECE {expected_calibration_error(conf, dept_ok):.3f};"
        f" confidence >= 0.8: {high.sum()} rows, {dept_ok[high].mean():.3f} correct"
    )
    # No per-row error listing on purpose: this set is a measure, never a tuning set.


def bench_coherence() -> None:
    """Revenue-weighted group coherence: against the hand labels of the seller-style
    titles, and on the demo and real sample reports against the offline categoriser's
    subcategories (no hand labels exist for those files: there it shows how consistent
    groups are with the categories the dashboard shows next to them)."""
    from mi_core.categorisation.clustering import fit_clusters, group_coherence
    from mi_core.categorisation.offline import OfflineCategoriser
    from mi_core.sales_report.parser import parse_report

    labelled = pd.read_csv(SELLER_STYLE, comment="#")
    frame = pd.DataFrame(
        {"title": labelled["title"], "item_price": labelled["price"], "is_completed": True}
    )
    result, _ = fit_clusters(frame)
    hand = labelled["department"] + "/" + labelled["subcategory"]
    score = group_coherence(result.cluster_ids, hand, frame["item_price"])
    print(
        f"group coherence against hand labels, seller-style titles ({len(frame)} titles,"
        f" {len(result.clusters)} groups): {score:.3f}"
    )
    for label, path in REPORTS.items():
        if not path.exists():
            print(f"group coherence, {label}: {path} missing, skipped")
            continue
        frame = _report_frame(parse_report, path)
        start = time.perf_counter()
        result, _ = fit_clusters(frame)
        elapsed = time.perf_counter() - start
        cats = OfflineCategoriser().categorise(frame["title"].tolist())
        pairs = pd.Series([f"{c.department}/{c.subcategory}" for c in cats], index=frame.index)
        revenue = frame["item_price"].where(frame["is_completed"], 0.0)
        score = group_coherence(result.cluster_ids, pairs, revenue)
        top = result.clusters.sort_values("revenue", ascending=False).head(5)["name"].tolist()
        print(
            f"group coherence, {label} ({len(frame)} sales, {len(result.clusters)} groups,"
            f" {elapsed:.1f}s): {score:.3f}; top groups by revenue: {top}"
        )


def _report_frame(parse_report, path: Path) -> pd.DataFrame:
    rows = parse_report(path).rows
    return pd.DataFrame(
        {
            "title": rows["item_title"].fillna("").astype(str),
            "item_price": pd.to_numeric(rows["item_price_cents"], errors="coerce").fillna(0) / 100,
            "is_completed": rows["order_status"].astype(str).str.lower().eq("completed"),
        }
    )


def bench_openai() -> None:
    """Requests needed per 1,000 distinct titles, and on re-processing (fake server)."""
    import openai

    from mi_core.categorisation import InMemoryCache, OpenAICategoriser
    from tests.fakes.openai_server import FakeOpenAIServer

    titles = [f"bench listing {i} blue widget" for i in range(1000)]
    with FakeOpenAIServer() as server:
        client = openai.OpenAI(api_key="bench", base_url=server.base_url, max_retries=0)
        categoriser = OpenAICategoriser(
            client, "gpt-4o-mini", cache=InMemoryCache(), llm_threshold=None
        )
        categoriser.categorise(titles + titles[:300])  # duplicates inside the report too
        first = len(server.requests)
        categoriser.categorise(titles)
        again = len(server.requests) - first
    usage = categoriser.usage
    print("openai path (fake server, batch size 100, all titles sent, in-memory cache):")
    print(
        f"  1,300 rows / 1,000 distinct titles -> {first} requests;"
        f" re-processing -> {again} requests"
    )
    print(
        f"  usage: prompt {usage.prompt_tokens} completion {usage.completion_tokens} tokens"
        f" (fake counts), est. ${usage.estimated_cost_usd:.4f} at gpt-4o-mini prices"
    )


def bench_clustering(n: int = 100_000) -> None:
    import random

    from mi_core.categorisation.clustering import cluster_titles

    rng = random.Random(0)
    brands = [
        "Rae Dunn",
        "Nike",
        "LuLaRoe",
        "Funko",
        "Apple",
        "Too Faced",
        "Coach",
        "Pandora",
        "Lego",
        "Disney",
        "Carters",
        "Michael Kors",
        "Kate Spade",
        "Adidas",
        "Yeti",
    ]
    items = [
        "mug",
        "leggings",
        "pop",
        "iphone case",
        "palette",
        "purse",
        "charm",
        "set",
        "tumbler",
        "onesie",
        "wallet",
        "sneakers",
        "hoodie",
        "dress",
        "earrings",
    ]
    extras = ["black", "pink", "new", "vintage", "small", "blue", "gold", "cute", "size M", "NWT"]
    titles = [
        f"{rng.choice(extras)} {rng.choice(brands)} {rng.choice(items)} {rng.randint(1, 99)}"
        for _ in range(n)
    ]
    frame = pd.DataFrame(
        {
            "title": titles,
            "item_price": [float(rng.randint(5, 80)) for _ in range(n)],
            "is_completed": [rng.random() < 0.9 for _ in range(n)],
        }
    )
    start, cpu_start = time.perf_counter(), time.process_time()
    result = cluster_titles(frame)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(
        f"clustering: {n:,} synthetic titles in {elapsed:.1f}s wall, {cpu:.1f}s CPU"
        f" -> {len(result.clusters)} clusters"
    )
    _clustering_stages(frame, cpu)


def _clustering_stages(frame: pd.DataFrame, total_cpu: float) -> None:
    """Where the clustering's CPU time goes: normalising, reading each distinct title's
    item (the offline categoriser's evidence), and grouping/naming/summarising (the rest).
    CPU time, because on a shared machine the wall clock mostly measures the neighbours."""
    from mi_core.categorisation.clustering import _prepare
    from mi_core.categorisation.offline import item_kind

    cpu = time.process_time()
    normalised, _ = _prepare(frame)
    prepare = time.process_time() - cpu
    distinct = sorted(set(normalised))
    cpu = time.process_time()
    for title in distinct:
        item_kind(title)
    kinds = time.process_time() - cpu
    rest = max(total_cpu - prepare - kinds, 0.0)
    print(
        f"  of which: normalise + bundle check {prepare:.1f}s, item kind of"
        f" {len(distinct):,} distinct titles {kinds:.1f}s, grouping and naming {rest:.1f}s"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dev_csv", nargs="?", default=str(DEFAULT_DEV))
    parser.add_argument("--skip-openai", action="store_true")
    parser.add_argument("--skip-clustering", action="store_true")
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    print(f"taxonomy {load_taxonomy().version}")
    bench_offline(pd.read_csv(args.dev_csv))
    bench_seller_style()
    if not args.skip_clustering:
        bench_coherence()
    if not args.skip_openai:
        bench_openai()
    if not args.skip_clustering:
        bench_clustering()


if __name__ == "__main__":
    main()
