"""Seller corrections of categories, end to end through the API, real Dagster runs and
real dbt: a correction reaches the marts with the seller's marts-only run, survives
re-processing and a second upload, reaches exports, and undo brings the model back.

One seller with the processed sample is shared by the module (processing is the slow
part); each test undoes what it stored, so the tests do not depend on their order.
"""

from __future__ import annotations

import csv
import io
import re
from html import escape, unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import text

from mi_core.categorisation import load_taxonomy
from mi_core.categorisation.normalise import normalise_title
from tests.pipeline_helpers import refresh_marts, register, run_upload, upload_row
from tests.portal_helpers import (
    PASSWORD,
    create_seller,
    csrf_headers,
    login,
    portal_client,
    seller_with_processed_sample,
)


@pytest.fixture(scope="module")
def processed(database):
    seller, upload_id = seller_with_processed_sample(database)
    return seller, upload_id


@pytest.fixture
def api(settings, processed):
    seller, _ = processed
    with portal_client(settings) as client:
        client.headers.update(login(client, seller.email))
        yield client


def rows(engine, sql: str, **params) -> list[dict]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(text(sql), params).mappings()]


def marts_categories(engine, tenant_id, key: str) -> list[dict]:
    """The fct_sales category of every sale of the seller whose title normalises to key."""
    sales = rows(
        engine,
        "select item_title, department, subcategory, category_confidence, category_source"
        " from marts.fct_sales where tenant_id = :t",
        t=tenant_id,
    )
    return [s for s in sales if normalise_title(s["item_title"]) == key]


def other_category(department: str) -> tuple[str, str]:
    """A valid taxonomy pair in another department than the one given."""
    return next((d, s) for d, s in load_taxonomy().pairs if d != department)


def most_sold_title(engine, tenant_id) -> dict:
    return rows(
        engine,
        "select item_title, department, subcategory, count(*) as sales from marts.fct_sales"
        " where tenant_id = :t and category_source <> 'seller'"
        " group by 1, 2, 3 order by sales desc, item_title limit 1",
        t=tenant_id,
    )[0]


def test_a_title_correction_reaches_the_marts_survives_reprocessing_and_uploads_and_undoes(
    api, settings, engine, instance, processed, sample
):
    seller, upload_id = processed
    before = most_sold_title(engine, seller.id)
    key = normalise_title(before["item_title"])
    department, subcategory = other_category(before["department"])
    original = marts_categories(engine, seller.id, key)
    assert {s["department"] for s in original} == {before["department"]}
    sales_in_category = (
        "select coalesce(sum(orders + cancelled_orders), 0) as sales"
        " from marts.fct_seller_categories where tenant_id = :t and department = :d"
        " and subcategory = :s"
    )

    already = rows(engine, sales_in_category, t=seller.id, d=department, s=subcategory)[0]["sales"]

    stored = api.put(
        "/api/categories/corrections",
        json={"title": before["item_title"], "department": department, "subcategory": subcategory},
        headers=csrf_headers(api),
    )
    assert stored.status_code == 200, stored.text
    correction = stored.json()
    assert correction["title"] == before["item_title"]
    assert correction["normalised_title"] == key
    assert correction["normalised_titles"] == [key]
    assert (correction["department"], correction["subcategory"]) == (department, subcategory)
    assert correction["group_id"] is None and correction["created_at"]
    # Stored, and the marts follow only once the seller's marts-only run has rebuilt them.
    assert {s["department"] for s in marts_categories(engine, seller.id, key)} == {
        before["department"]
    }

    refresh_marts(instance, settings, seller.id)
    corrected = marts_categories(engine, seller.id, key)
    assert len(corrected) == len(original)
    assert {
        (s["department"], s["subcategory"], s["category_confidence"], s["category_source"])
        for s in corrected
    } == {(department, subcategory, 1, "seller")}
    # The per-seller marts built on fct_sales follow too.
    in_category = rows(engine, sales_in_category, t=seller.id, d=department, s=subcategory)
    assert in_category == [{"sales": already + len(original)}]
    listed = api.get("/api/sales", params={"source": "seller", "per_page": 200}).json()
    assert listed["total"] == len(corrected)
    assert {i["department"] for i in listed["items"]} == {department}
    assert {i["confidence"] for i in listed["items"]} == {"1.0000"}
    exported = list(csv.DictReader(io.StringIO(api.get("/api/exports/sales.csv").text)))
    mine = [r for r in exported if normalise_title(r["Item Title"]) == key]
    assert len(mine) == len(corrected)
    assert {(r["Department"], r["Category Source"]) for r in mine} == {(department, "seller")}

    # Re-processing the upload (re-executing its run, since a new run finds nothing
    # pending): the categorise step looks the correction up first.
    first_run = upload_row(engine, upload_id).dagster_run_id
    assert run_upload(instance, seller, upload_id, rerun_of=first_run).success
    assert upload_row(engine, upload_id).dagster_run_id != first_run
    categorised = rows(
        engine,
        "select source, confidence, department, model_department from raw.sale_categories"
        " where upload_id = :u and normalised_title = :k",
        u=upload_id,
        k=key,
    )
    assert categorised
    assert {(c["source"], c["confidence"], c["department"]) for c in categorised} == {
        ("seller", 1.0, department)
    }
    assert {c["model_department"] for c in categorised} == {before["department"]}
    assert {s["department"] for s in marts_categories(engine, seller.id, key)} == {department}

    # A second upload (the same report again): its rows are corrected as they arrive.
    second = register(settings, seller, sample.path)
    assert run_upload(instance, seller, second).success
    sources = rows(
        engine,
        "select distinct source from raw.sale_categories where upload_id = :u"
        " and normalised_title = :k",
        u=second,
        k=key,
    )
    assert sources == [{"source": "seller"}]
    assert {s["department"] for s in marts_categories(engine, seller.id, key)} == {department}

    # Undo: the model's category comes back with the next marts-only run.
    assert api.delete(f"/api/categories/corrections/{correction['id']}").status_code == 204
    refresh_marts(instance, settings, seller.id)
    restored = marts_categories(engine, seller.id, key)
    assert {(s["department"], s["category_source"] != "seller") for s in restored} == {
        (before["department"], True)
    }
    assert api.delete(f"/api/categories/corrections/{correction['id']}").status_code == 404


def test_a_group_correction_keeps_to_its_items_when_the_groups_are_renumbered(
    api, settings, engine, instance, processed
):
    seller, _ = processed
    groups = rows(
        engine,
        "select cluster_id, cluster_name, array_agg(item_title) as titles"
        " from marts.dim_title_clusters where tenant_id = :t and cluster_id >= 0"
        " group by 1, 2 having count(*) >= 2 order by count(*) desc limit 1",
        t=seller.id,
    )
    assert groups, "the sample has product groups of several titles"
    group = groups[0]
    keys = sorted({normalise_title(t) for t in group["titles"]})
    department, subcategory = load_taxonomy().pairs[-1]

    stored = api.put(
        "/api/categories/corrections",
        json={
            "group_id": group["cluster_id"],
            "department": department,
            "subcategory": subcategory,
        },
    )
    assert stored.status_code == 200, stored.text
    correction = stored.json()
    assert correction["group_id"] == group["cluster_id"]
    assert correction["group_name"] == group["cluster_name"]
    assert correction["title"] is None and correction["normalised_titles"] == keys

    # The seller is re-clustered and the group gets another id: the items keep the category.
    with engine.begin() as conn:
        for table in ("raw.title_clusters", "raw.title_cluster_members"):
            conn.execute(
                text(f"update {table} set cluster_id = cluster_id + 1000 where tenant_id = :t"),
                {"t": seller.id},
            )
    refresh_marts(instance, settings, seller.id)
    for key in keys:
        assert {
            (s["department"], s["subcategory"], s["category_source"])
            for s in marts_categories(engine, seller.id, key)
        } == {(department, subcategory, "seller")}
    in_group = api.get(
        "/api/sales", params={"department": department, "source": "seller", "per_page": 200}
    ).json()["items"]
    assert {i["group"]["id"] for i in in_group} == {group["cluster_id"] + 1000}

    assert api.delete(f"/api/categories/corrections/{correction['id']}").status_code == 204
    refresh_marts(instance, settings, seller.id)
    assert not [
        s
        for key in keys
        for s in marts_categories(engine, seller.id, key)
        if s["category_source"] == "seller"
    ]


def test_another_seller_neither_sees_nor_undoes_a_correction(settings, processed, engine):
    seller, _ = processed
    title = most_sold_title(engine, seller.id)
    department, subcategory = other_category(title["department"])
    other = create_seller()
    with portal_client(settings) as client:
        owner = login(client, seller.email)
        stranger = login(client, other.email)
        body = {"title": title["item_title"], "department": department, "subcategory": subcategory}
        correction = client.put("/api/categories/corrections", json=body, headers=owner).json()
        group_id = rows(
            engine,
            "select cluster_id from marts.dim_title_clusters where tenant_id = :t limit 1",
            t=seller.id,
        )[0]["cluster_id"]

        assert client.get("/api/sales", headers=stranger).json()["total"] == 0
        assert client.get("/api/categories/corrections", headers=stranger).json() == []
        gone = client.delete(f"/api/categories/corrections/{correction['id']}", headers=stranger)
        assert gone.status_code == 404
        foreign_group = {"group_id": group_id, "department": department, "subcategory": subcategory}
        refused = client.put("/api/categories/corrections", json=foreign_group, headers=stranger)
        assert refused.status_code == 404
        listed = client.get("/api/categories/corrections", headers=owner).json()
        assert [c["id"] for c in listed] == [correction["id"]]
        assert client.get("/api/sales", headers=owner).json()["total"] > 0

        undone = client.delete(f"/api/categories/corrections/{correction['id']}", headers=owner)
        assert undone.status_code == 204


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"title": "mug", "department": "Home", "subcategory": "Not one"}, "subcategory"),
        ({"title": "mug", "department": "Garden gnomes", "subcategory": "X"}, "department"),
        ({"title": "!!!", "department": "Home", "subcategory": "Bath"}, "empty"),
        ({"department": "Home", "subcategory": "Bath"}, "either"),
        (
            {"title": "Rae Dunn mug", "group_id": 1, "department": "Home", "subcategory": "Bath"},
            "either",
        ),
        ({"title": "Rae Dunn mug", "department": "Home"}, "subcategory"),
        ({"title": "mug\x00", "department": "Home", "subcategory": "Bath"}, "NUL"),
    ],
)
def test_corrections_outside_the_taxonomy_are_refused_with_422(api, engine, body, message):
    count = "select count(*) from category_corrections"
    with engine.connect() as conn:
        before = conn.execute(text(count)).scalar()
    response = api.put("/api/categories/corrections", json=body)
    assert response.status_code == 422, response.text
    assert message in response.text
    with engine.connect() as conn:
        assert conn.execute(text(count)).scalar() == before


def test_an_unknown_group_is_not_found(api):
    department, subcategory = load_taxonomy().pairs[0]
    body = {"group_id": 987654, "department": department, "subcategory": subcategory}
    assert api.put("/api/categories/corrections", json=body).status_code == 404


def test_sales_are_searchable_filterable_and_paginated(api, engine, processed):
    seller, _ = processed
    everything = rows(
        engine,
        "select item_title, department from marts.fct_sales where tenant_id = :t",
        t=seller.id,
    )
    first = api.get("/api/sales", params={"per_page": 10}).json()
    assert first["total"] == len(everything)
    assert len(first["items"]) == 10 and first["pages"] == -(-len(everything) // 10)
    last = api.get("/api/sales", params={"per_page": 10, "page": first["pages"]}).json()
    assert len(last["items"]) == len(everything) - 10 * (first["pages"] - 1)
    sale = first["items"][0]
    assert set(sale) >= {"title", "department", "subcategory", "confidence", "source", "group"}
    assert sale["group"] is None or set(sale["group"]) == {"id", "name"}

    word = everything[0]["item_title"].split()[0]
    found = api.get("/api/sales", params={"q": word.lower(), "per_page": 200}).json()
    assert found["total"] == sum(word.lower() in r["item_title"].lower() for r in everything)
    department = everything[0]["department"]
    in_department = api.get("/api/sales", params={"department": department}).json()
    assert in_department["total"] == sum(r["department"] == department for r in everything)
    assert api.get("/api/sales", params={"q": "100%_"}).json()["total"] == sum(
        "100%_" in r["item_title"] for r in everything
    )
    assert api.get("/api/sales", params={"per_page": 500}).status_code == 422
    assert api.get("/api/sales", params={"q": "\x00"}).status_code == 422


def test_the_sales_page_form_needs_the_csrf_token(settings, processed, engine):
    seller, _ = processed
    title = most_sold_title(engine, seller.id)
    department, subcategory = other_category(title["department"])
    form = {"title": title["item_title"], "department": department, "subcategory": subcategory}
    with portal_client(settings) as client:
        token = csrf_headers(client)["x-csrftoken"]
        signed_in = client.post(
            "/login",
            data={"username": seller.email, "password": PASSWORD, "csrftoken": token},
            follow_redirects=False,
        )
        assert signed_in.status_code == 303
        page = client.get("/sales", params={"q": title["item_title"]})
        assert page.status_code == 200
        assert title["item_title"] in page.text and "change-category" in page.text

        forged = client.post("/sales/corrections", data=form, follow_redirects=False)
        assert forged.status_code == 403
        assert client.get("/api/categories/corrections").json() == []

        saved = client.post(
            "/sales/corrections",
            data={**form, "csrftoken": client.cookies["csrftoken"], "next": "/sales"},
            follow_redirects=False,
        )
        assert saved.status_code == 303
        assert saved.headers["location"] == "/sales?notice=corrected"
        [correction] = client.get("/api/categories/corrections").json()
        page = client.get("/sales?notice=corrected")
        assert "Your category is saved" in page.text and correction["id"] in page.text

        unsafe = client.post(
            "/sales/corrections",
            data={**form, "subcategory": "Nope", "csrftoken": client.cookies["csrftoken"]},
        )
        assert unsafe.status_code == 422 and "Not saved" in unsafe.text

        forged_undo = client.post(f"/sales/corrections/{correction['id']}/undo")
        assert forged_undo.status_code == 403
        undone = client.post(
            f"/sales/corrections/{correction['id']}/undo",
            data={"csrftoken": client.cookies["csrftoken"], "next": "/dashboard"},
            follow_redirects=False,
        )
        assert undone.status_code == 303
        assert undone.headers["location"] == "/dashboard?notice=undone"
        assert client.get("/api/categories/corrections").json() == []


def _form_fields(html: str, form_id: str) -> dict[str, str]:
    """The hidden fields of one form on a page (what a browser would post back)."""
    form = re.search(rf'<form[^>]*id="{form_id}"[^>]*>(.*?)</form>', html, re.S)
    assert form, f"no form #{form_id} on the page"
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(1))
    return {name: unescape(value) for name, value in fields}


def test_the_sales_page_keeps_its_search_and_filters_after_a_correction(
    settings, processed, engine
):
    seller, _ = processed
    title = most_sold_title(engine, seller.id)
    department, subcategory = other_category(title["department"])
    with portal_client(settings) as client:
        client.headers.update(login(client, seller.email))
        [sale] = client.get("/api/sales", params={"q": title["item_title"], "per_page": 1}).json()[
            "items"
        ]
        filters = {
            "q": title["item_title"][:12],
            "department": sale["department"],
            "subcategory": sale["subcategory"],
            "source": sale["source"],
        }
        listed = client.get("/sales", params={**filters, "page": 1})
        assert listed.status_code == 200
        key = re.search(r'data-sale-key="([^"]+)"', listed.text).group(1)
        editing = client.get("/sales", params={**filters, "page": 1, "edit": key})
        form = _form_fields(editing.text, "correction-form")
        saved = client.post(
            "/sales/corrections",
            data={
                **form,
                "applies_to": "title",
                "department": department,
                "subcategory": subcategory,
            },
            follow_redirects=False,
        )
        assert saved.status_code == 303
        location = urlsplit(saved.headers["location"])
        assert location.path == "/sales"
        assert parse_qs(location.query) == {
            **{name: [value] for name, value in filters.items()},
            "page": ["1"],
            "notice": ["corrected"],
        }
        back = client.get(saved.headers["location"])
        assert "Your category is saved" in back.text
        assert f'value="{escape(filters["q"])}"' in back.text
        assert f'value="{escape(filters["department"])}" selected' in back.text
        [correction] = client.get("/api/categories/corrections").json()
        # Undo from the filtered page comes back to it too.
        undo_form = _form_fields(
            back.text.split(f'data-correction-id="{correction["id"]}"')[1].replace(
                "<form", '<form id="undo"', 1
            ),
            "undo",
        )
        undone = client.post(
            f"/sales/corrections/{correction['id']}/undo", data=undo_form, follow_redirects=False
        )
        assert undone.status_code == 303
        undo_location = urlsplit(undone.headers["location"])
        assert parse_qs(undo_location.query)["q"] == [filters["q"]]
        assert parse_qs(undo_location.query)["notice"] == ["undone"]
        assert client.get("/api/categories/corrections").json() == []
