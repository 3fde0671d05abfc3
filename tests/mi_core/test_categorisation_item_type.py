"""Issue 12: the taxonomy's new places, item type over decoration, and product groups
that are one kind of item named by it (pure: no database, no Dagster)."""

from __future__ import annotations

import pandas as pd
import pytest

from mi_core.categorisation import OfflineCategoriser, cache_key, load_taxonomy
from mi_core.categorisation.clustering import (
    BUNDLE_CLUSTER_ID,
    assign_titles,
    fit_clusters,
    group_coherence,
    group_name,
    is_current,
)
from mi_core.categorisation.normalise import normalise_title
from mi_core.categorisation.taxonomy import parse_taxonomy

# Pure: the categoriser needs no database.
pytestmark = pytest.mark.no_database

ITEM_TYPE_WINS = [
    # The item's noun decides; the luggage words used to land in Other › Health.
    ("Leather luggage tags set of 2", "Luggage & Travel", "Luggage Tags & Passport Covers"),
    ("Samsonite hardside carry on spinner", "Luggage & Travel", "Suitcases & Carry-Ons"),
    ("Delsey 3 piece luggage set", "Luggage & Travel", "Luggage Sets"),
    ("Memory foam neck pillow for travel", "Luggage & Travel", "Travel Pillows & Accessories"),
    ("Canvas weekender bag", "Luggage & Travel", "Duffels & Weekenders"),
    # Places, characters, dogs and holidays only decorate the item.
    ("Eiffel Tower print 8x10", "Home", "Artwork"),
    ("Paris Eiffel Tower poster", "Home", "Artwork"),
    ("Minnie Mouse tumbler 20oz", "Home", "Kitchen & Dining"),
    ("Frenchie coffee mug", "Home", "Kitchen & Dining"),
    ("Christmas bath towel", "Home", "Bath"),
    ("Halloween welcome doormat", "Home", "Rugs & Doormats"),
    ("Mickey Mouse blackout curtains", "Home", "Curtains & Window Treatments"),
    # "For women" picks a department only for items that have a gender.
    ("Insulated lunch bag for women", "Home", "Lunch Bags & Boxes"),
    ("Women's compression socks", "Women", "Socks & Hosiery"),
    ("Mens crew socks 6 pairs", "Men", "Socks"),
    ("Sterling silver necklace for men", "Men", "Jewelry"),
    # The other new subcategories.
    ("doTERRA peppermint essential oil", "Home", "Essential Oils & Diffusers"),
    ("Ultrasonic aromatherapy diffuser", "Home", "Essential Oils & Diffusers"),
    ("Zip cosmetic bag floral", "Beauty", "Cosmetic Bags & Cases"),
    ("Jute area rug 4x6", "Home", "Rugs & Doormats"),
]


# Children's characters say who wears clothing or accessories, and nothing more: the
# item's noun still decides a mug or a plush, and a character alone is a toy.
CHARACTERS_ARE_KIDS_CUES_FOR_CLOTHING_ONLY = [
    ("Paw Patrol backpack", "Kids", "Kids' Accessories"),
    ("Bluey t-shirt", "Kids", "Girls' Clothing"),
    ("Boys Paw Patrol pajamas", "Kids", "Boys' Clothing"),
    ("Sesame Street coffee mug", "Home", "Kitchen & Dining"),
    ("Paw Patrol lunch box", "Home", "Lunch Bags & Boxes"),
    ("Peppa Pig plush", "Toys & Collectibles", "Stuffed Animals & Plush"),
    ("Elmo", "Toys & Collectibles", "Other"),
    # Kids' shoe makers and men's-only garments say who wears the un-gendered item.
    ("Stride Rite sneakers", "Kids", "Kids' Shoes"),
    ("Saltwater sandals", "Kids", "Kids' Shoes"),
    ("Swim trunks", "Men", "Swimwear"),
    ("Khaki cargo shorts", "Men", "Shorts"),
    ("Fred Perry polo", "Men", "Tops & Shirts"),
    ("Polo Ralph Lauren shirt", "Men", "Tops & Shirts"),
    ("Ralph Lauren maxi dress", "Women", "Dresses"),
    ("Girls dress 6x", "Kids", "Girls' Clothing"),
    # A few general brand and item facts.
    ("Victorias Secret Very Sexy", "Beauty", "Fragrance"),
    ("Thank you stickers 500", "Office", "Shipping & Packing Supplies"),
    ("Jewelry tree", "Home", "Storage & Organization"),
    ("Hamilton Beach toaster", "Home", "Home Appliances"),
]


@pytest.mark.parametrize(
    ("title", "department", "subcategory"), CHARACTERS_ARE_KIDS_CUES_FOR_CLOTHING_ONLY
)
def test_who_wears_it_comes_from_characters_and_kids_or_mens_items(title, department, subcategory):
    result = OfflineCategoriser().categorise_one(title)
    assert (result.department, result.subcategory) == (department, subcategory)


@pytest.mark.parametrize(("title", "department", "subcategory"), ITEM_TYPE_WINS)
def test_item_type_wins(title, department, subcategory):
    result = OfflineCategoriser().categorise_one(title)
    assert (result.department, result.subcategory) == (department, subcategory)


def test_luggage_is_never_health_and_personal_care():
    for title in ("Luggage tag", "Suitcase", "Carry on luggage", "Passport cover", "Luggage"):
        result = OfflineCategoriser().categorise_one(title)
        assert result.department == "Luggage & Travel", (title, result)


def test_a_theme_alone_still_decides():
    """With no item noun, the decoration is all there is: it decides (weakly)."""
    decor = OfflineCategoriser().categorise_one("Christmas")
    assert (decor.department, decor.subcategory) == ("Home", "Seasonal Décor")
    minnie = OfflineCategoriser().categorise_one("Minnie Mouse")
    assert minnie.department == "Toys & Collectibles"
    # ...and the same word does not outvote an item noun.
    mug = OfflineCategoriser().categorise_one("Christmas mug")
    assert (mug.department, mug.subcategory) == ("Home", "Kitchen & Dining")


def test_taxonomy_version_bump_reasks_cached_answers():
    taxonomy = load_taxonomy()
    assert taxonomy.version == "2026.12-1"
    title = normalise_title("Luggage tag")
    assert cache_key(title, taxonomy.version, "m") != cache_key(title, "2026.11-1", "m")
    labels = taxonomy.labels()
    assert "Luggage & Travel > Luggage Tags & Passport Covers" in labels
    assert "Home > Curtains & Window Treatments" in labels
    assert "Beauty > Tools & Brushes" not in labels


def test_renamed_subcategories_point_into_the_taxonomy():
    taxonomy = load_taxonomy()
    assert taxonomy.renamed == {("Beauty", "Tools & Brushes"): ("Beauty", "Tools & Accessories")}
    for old, new in taxonomy.renamed.items():
        assert not taxonomy.is_valid(*old) and taxonomy.is_valid(*new)


def test_migration_renames_match_the_taxonomy():
    from importlib import import_module

    migration = import_module("mi_core.migrations.versions.0012_taxonomy_v_next")
    assert load_taxonomy().renamed == migration.RENAMED


@pytest.mark.parametrize(
    ("renamed", "message"),
    [
        ({"Home/Bedding": "Home/Bath"}, "still in the taxonomy"),
        ({"Home/Gone": "Home/Nowhere"}, "not in the taxonomy"),
        ({"Home": "Home/Bath"}, "not 'Department/Subcategory'"),
    ],
)
def test_taxonomy_rejects_bad_renames(renamed, message):
    raw = {"version": "x", "departments": {"Home": ["Bedding", "Bath"]}, "renamed": renamed}
    with pytest.raises(ValueError, match=message):
        parse_taxonomy(raw)


def sales(titles: list[str], price: float = 20.0) -> pd.DataFrame:
    return pd.DataFrame({"title": titles, "item_price": price, "is_completed": True})


SHOWER_CURTAINS_AND_LUGGAGE = [
    "Luggage print shower curtain",
    "Vintage travel luggage shower curtain",
    "Paris shower curtain",
    "Frenchie shower curtain",
    "Samsonite 3 piece luggage set",
    "Rockland 4 piece luggage set",
    "Jessica Simpson luggage set",
    "American Tourister carry on luggage",
    "Delsey carry on luggage",
    "Travelpro carry on luggage",
    "Rae Dunn mug LOVE",
    "Rae Dunn mug COFFEE",
    "Rae Dunn mug MAMA",
    "Christmas throw pillow buffalo plaid",
    "Christmas throw pillow gnome",
    "Christmas throw pillow truck",
]


def test_groups_are_one_kind_of_item_named_by_it():
    frame = sales(SHOWER_CURTAINS_AND_LUGGAGE)
    result = fit_clusters(frame)[0]
    names = dict(zip(result.clusters["cluster_id"], result.clusters["name"], strict=True))
    assert {"Luggage sets", "Rae Dunn mugs", "Christmas throw pillows", "Shower curtains"} <= set(
        names.values()
    )
    for cluster_id, titles in frame["title"].groupby(result.cluster_ids):
        name_words = [_singular(w) for w in names[cluster_id].lower().split()]
        for title in titles:  # every word of the name is in every member's title
            title_words = {_singular(w) for w in normalise_title(title).split()}
            assert set(name_words) <= title_words, (names[cluster_id], title)
    assert not any("shower" in n.lower() and "luggage" in n.lower() for n in names.values())


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") else word


def test_group_names():
    assert group_name(("Home", "Kitchen & Dining"), "mug", "rae dunn") == "Rae Dunn mugs"
    assert group_name(("Luggage & Travel", "Luggage Sets"), "luggage set", None) == "Luggage sets"
    assert group_name(("Home", "Bath"), "towel", "christmas") == "Christmas towels"
    assert group_name(("Women", "Dresses"), "dress", None) == "Dresses"
    assert group_name(("Home", "Bedding"), "bedding", None) == "Bedding"
    assert group_name(("Home", "Bath"), None, None) == "Bath"
    assert group_name(("Women", "Other"), None, None) == "Other women"


def test_group_names_are_unique():
    titles = ["Nike sneakers men", "Adidas sneakers men", "Puma sneakers men"]
    titles += ["Nike sneakers women", "Adidas sneakers women", "Puma sneakers women"]
    names = fit_clusters(sales(titles))[0].clusters["name"]
    assert names.is_unique


def test_new_titles_join_their_kind():
    result, model = fit_clusters(sales(SHOWER_CURTAINS_AND_LUGGAGE))
    ids = dict(zip(SHOWER_CURTAINS_AND_LUGGAGE, result.cluster_ids, strict=True))
    joined = assign_titles(["Rae Dunn mug HOME", "Kenneth Cole 3 piece luggage set"], model)
    assert joined[0] == ids["Rae Dunn mug LOVE"]
    assert joined[1] == ids["Samsonite 3 piece luggage set"]
    assert assign_titles(["Reserved for Ann"], model)[0] == BUNDLE_CLUSTER_ID
    assert is_current(model) and not is_current(object())


def test_group_coherence_is_revenue_weighted_majority_share():
    ids = pd.Series([0, 0, 0, 1, 1, BUNDLE_CLUSTER_ID])
    categories = pd.Series(
        ["Home/Bath", "Home/Bath", "Women/Dresses", "Home/Bath", "Home/Bath", "x"]
    )
    revenue = pd.Series([10.0, 20.0, 30.0, 5.0, 5.0, 100.0])
    # group 0: majority by revenue is Women/Dresses (30 of 60); group 1: 10 of 10; the
    # bundles group is left out.
    assert group_coherence(ids, categories, revenue) == pytest.approx((30 + 10) / 70)
    assert group_coherence(ids[:2], categories[:2], revenue[:2]) == 1.0
    no_revenue = pd.Series([0.0] * 6)
    assert group_coherence(ids, categories, no_revenue) == pytest.approx(4 / 5)
