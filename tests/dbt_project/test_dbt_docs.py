"""The dbt documentation: every model and column described, `dbt docs generate` writing the
site under MI_DATA_DIR, served to staff at /admin/dbt-docs and by `mi docs serve`."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import httpx
import pytest

from mi_core.db import session_scope
from mi_core.models import User
from mi_core.settings import PROJECT_ROOT
from tests.portal_helpers import create_seller, login, portal_client


@pytest.fixture(scope="module")
def docs(database) -> Path:
    """The site generated once the marts exist (one processed seller), as `mi serve` does."""
    from orchestration.dbt_project import generate_docs
    from tests.portal_helpers import seller_with_processed_sample

    seller_with_processed_sample(database)
    return generate_docs(database)


def _artifact(settings, name: str) -> dict:
    return json.loads((settings.dbt_docs_dir / name).read_text())


def test_the_site_is_generated_under_the_data_directory(settings, docs):
    assert docs == settings.dbt_docs_index
    assert docs.is_relative_to(settings.data_dir)
    assert not docs.is_relative_to(PROJECT_ROOT / "dbt_project")
    page = docs.read_text()
    # One self-contained page: the manifest and the catalog are inlined.
    assert "fct_seller_monthly" in page and "Seller uuid" in page


def test_every_model_and_column_is_described(settings, docs):
    """Against the catalog (the columns the built relations really have), so a column added
    to a model's SQL and not to its .yml fails here, as does a .yml column that is gone."""
    manifest = _artifact(settings, "manifest.json")
    catalog = _artifact(settings, "catalog.json")
    models = {
        key: node
        for key, node in manifest["nodes"].items()
        if node["resource_type"] in {"model", "seed"}
    }
    model_files = {p.stem for p in (PROJECT_ROOT / "dbt_project/models").rglob("*.sql")}
    assert {node["name"] for node in models.values() if node["resource_type"] == "model"} == (
        model_files
    )
    problems = []
    for key, node in sorted(models.items()):
        if not node["description"].strip():
            problems.append(f"{node['name']}: no description")
        assert key in catalog["nodes"], f"{node['name']} was not built"
        built = {name.lower() for name in catalog["nodes"][key]["columns"]}
        documented = {
            name.lower(): column["description"].strip() for name, column in node["columns"].items()
        }
        name = node["name"]
        problems += [f"{name}.{c}: not in its .yml" for c in sorted(built - set(documented))]
        problems += [f"{name}.{c}: no such column" for c in sorted(set(documented) - built)]
        problems += [f"{name}.{c}: no description" for c, d in documented.items() if not d]
    assert problems == [], "\n".join(problems)


def _superuser() -> User:
    staff = create_seller()
    with session_scope() as session:
        session.get(User, staff.id).is_superuser = True
    return staff


def test_staff_read_the_docs_in_the_portal(settings, docs):
    with portal_client(settings) as client:
        response = client.get("/admin/dbt-docs", headers=login(client, _superuser().email))

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.text == docs.read_text()


def test_the_docs_do_not_exist_for_anyone_else(settings, docs):
    with portal_client(settings) as client:
        seller = login(client, create_seller().email)
        assert client.get("/admin/dbt-docs", headers=seller).status_code == 404
        assert client.get("/admin/dbt-docs").status_code == 404
        # Signed out, the page does not send the visitor to the login page either.
        assert client.get("/admin/dbt-docs", follow_redirects=False).status_code == 404


def test_mi_docs_serve_serves_the_site_on_localhost(settings, docs):
    from mi_core.docs_site import serve_docs

    with serve_docs(settings.dbt_docs_dir, "127.0.0.1", 0) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            base = f"http://127.0.0.1:{server.server_port}"
            index = httpx.get(f"{base}/")
            catalog = httpx.get(f"{base}/catalog.json")
        finally:
            server.shutdown()

    assert server.server_address[0] == "127.0.0.1"
    assert index.status_code == 200 and "dbt" in index.text.lower()
    assert catalog.status_code == 200 and "fct_sales" in catalog.text
