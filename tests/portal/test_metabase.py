"""Metabase: provisioning against a fake Metabase that speaks its documented API, the
signed embed URL locked to one seller, and every question's SQL run on the real marts."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import jwt
import pytest
import requests
from pydantic import ValidationError
from sqlalchemy import text

from mi_core.metabase import (
    COLLECTION_NAME,
    DASHBOARD_NAME,
    DATABASE_NAME,
    QUESTIONS,
    TENANT_TAG,
    MetabaseError,
    MetabaseVersion,
    connect,
    provision,
    wait_until_ready,
)
from mi_core.settings import DEV_METABASE_EMBED_SECRET, Settings
from portal.metabase import dashboard_embed_url, dashboard_id_cache, embed_token
from tests.fakes.metabase_server import CURRENT, V050, VERSIONS, FakeMetabase

SECRET = "5e" * 32
PASSWORD = "admin-pass-42"
WAREHOUSE = "postgresql://mi:pw@warehouse.internal:6543/mercari_intelligence"
TENANT_TARGET = ["variable", ["template-tag", "tenant_id"]]
MI = str(Path(sys.executable).with_name("mi"))


@pytest.fixture(autouse=True)
def fresh_lookup_cache():
    dashboard_id_cache.clear()
    yield
    dashboard_id_cache.clear()


@pytest.fixture(params=VERSIONS)
def fake(request):
    """The fake speaking v0.50's API and the current release's."""
    with FakeMetabase(admin_password=PASSWORD, version=request.param) as server:
        yield server


def metabase_settings(url: str, **env: object) -> Settings:
    values = {
        "MI_ENVIRONMENT": "test",
        "MI_SECRET_KEY": "a-real-secret-value",
        "DATABASE_URL": WAREHOUSE,
        "MI_METABASE_URL": url,
        "MI_METABASE_ADMIN_PASSWORD": PASSWORD,
        "MI_METABASE_EMBED_SECRET": SECRET,
        **env,
    }
    return Settings(_env_file=None, **values)


def our_collections(fake: FakeMetabase) -> list[dict]:
    return [c for c in fake.collections.values() if c["personal_owner_id"] is None]


def token_of(url: str) -> str:
    match = re.fullmatch(r".*/embed/dashboard/([^#]+)#bordered=false&titled=false", url)
    assert match, url
    return match.group(1)


# ---------------------------------------------------------------------------- provisioning


def test_provisioning_creates_the_embeddable_seller_dashboard(fake):
    report = provision(metabase_settings(fake.url))

    assert report.version == fake.version
    assert fake.settings[fake.embedding_setting] is True
    assert fake.settings["embedding-secret-key"] == SECRET

    [database] = fake.databases.values()
    assert database["name"] == DATABASE_NAME and database["engine"] == "postgres"
    details = database["details"]
    assert (details["host"], details["port"], details["dbname"]) == (
        "warehouse.internal",
        6543,
        "mercari_intelligence",
    )
    assert (details["user"], details["password"]) == ("mi", "pw")
    assert details["schema-filters-type"] == "inclusion"
    assert details["schema-filters-patterns"] == "marts"
    assert fake.synced == [database["id"]]

    [collection] = our_collections(fake)
    assert collection["name"] == COLLECTION_NAME

    cards = list(fake.cards.values())
    assert sorted(card["name"] for card in cards) == sorted(q.name for q in QUESTIONS)
    marts = {
        "fct_seller_monthly",
        "fct_seller_categories",
        "fct_seller_states",
        "fct_seller_daily_titles",
    }
    used = set()
    for card in cards:
        assert card["collection_id"] == collection["id"]
        query = card["dataset_query"]
        assert query["type"] == "native" and query["database"] == database["id"]
        assert re.findall(r"{{\s*(\w+)\s*}}", query["native"]["query"]) == [TENANT_TAG]
        tag = query["native"]["template-tags"][TENANT_TAG]
        assert tag["type"] == "text" and tag["required"] is True
        used |= set(re.findall(r"marts\.(\w+)", query["native"]["query"]))
        assert not re.search(r"\b(staging|raw)\.\w+", query["native"]["query"])
    assert marts <= used

    [dashboard] = fake.dashboards.values()
    assert dashboard["name"] == DASHBOARD_NAME
    assert dashboard["collection_id"] == collection["id"]
    [parameter] = dashboard["parameters"]
    assert parameter["slug"] == "tenant_id"
    assert sorted(dc["card_id"] for dc in dashboard["dashcards"]) == sorted(fake.cards)
    for dashcard in dashboard["dashcards"]:
        wired = {"parameter_id": parameter["id"], "card_id": dashcard["card_id"]}
        assert dashcard["parameter_mappings"] == [{**wired, "target": TENANT_TARGET}]
    assert dashboard["enable_embedding"] is True
    assert dashboard["embedding_params"] == {"tenant_id": "locked"}
    assert report.dashboard_id == dashboard["id"]
    assert report.changed


def test_a_second_run_changes_nothing(fake):
    settings = metabase_settings(fake.url)
    first = provision(settings)
    fake.clear_requests()

    second = provision(settings)

    assert fake.writes() == []
    assert not second.changed
    assert {step.action for step in second.steps} == {"found", "checked"}
    assert second.dashboard_id == first.dashboard_id
    assert (len(fake.databases), len(our_collections(fake)), len(fake.dashboards)) == (1, 1, 1)
    assert len(fake.cards) == len(QUESTIONS)


@pytest.mark.parametrize("version", VERSIONS)
def test_a_fresh_metabase_is_set_up_with_its_setup_token(version):
    with FakeMetabase(set_up=False, version=version) as fake:
        settings = metabase_settings(fake.url)
        report = provision(settings)

        [setup] = [r for r in fake.requests if r.path == "/api/setup"]
        assert setup.body["token"] == fake.setup_token
        assert setup.body["user"]["email"] == settings.metabase_admin_email
        assert report.steps[0].line().startswith("created  admin")
        assert len(fake.dashboards) == 1

        fake.clear_requests()
        provision(settings)
        assert [r for r in fake.requests if r.path == "/api/setup"] == []
        assert fake.writes() == []


@pytest.mark.parametrize(
    ("tag", "setting"),
    [
        ("v0.50.36", "enable-embedding"),
        ("v0.51.1", "enable-embedding-static"),
        ("v0.60.1.3", "enable-embedding-static"),
        ("v1.60.1", "enable-embedding-static"),  # the enterprise edition's tags
    ],
)
def test_the_embedding_setting_follows_the_version(tag, setting):
    assert MetabaseVersion.parse(tag).embedding_setting == setting


def test_an_unknown_version_is_a_clear_error():
    with pytest.raises(MetabaseError, match="version"):
        MetabaseVersion.parse("vLOCAL_DEV")


def test_each_version_refuses_the_other_versions_setting():
    """What makes the version detection matter: the wrong name is an error."""
    for version, foreign in ((V050, "enable-embedding-static"), (CURRENT, "enable-embedding")):
        with FakeMetabase(admin_password=PASSWORD, version=version) as fake:
            client = connect(metabase_settings(fake.url))
            with pytest.raises(MetabaseError, match="Unknown setting"):
                client.call("PUT", f"/api/setting/{foreign}", json={"value": True})


def test_a_card_left_unwired_fails_provisioning_loudly(fake):
    """Metabase drops a mapping it finds invalid: the card would show every seller."""
    fake.drops_mappings_of.add("Best sellers")

    with pytest.raises(MetabaseError, match="Best sellers") as err:
        provision(metabase_settings(fake.url))

    assert "other sellers' rows" in str(err.value)
    assert "locked tenant_id filter" in str(err.value)


def test_a_refused_login_is_a_clear_error_and_changes_nothing(fake):
    settings = metabase_settings(fake.url, MI_METABASE_ADMIN_PASSWORD="wrong-pass-1")

    with pytest.raises(MetabaseError, match="refused the admin login") as err:
        provision(settings)

    assert "admin@example.com" in str(err.value)
    assert "MI_METABASE_ADMIN_PASSWORD" in str(err.value)
    assert not fake.databases and not fake.cards and not fake.dashboards
    assert fake.settings["embedding-secret-key"] is None


def test_an_unreachable_metabase_is_a_clear_error():
    with FakeMetabase() as fake:
        url = fake.url  # closed once the block ends
    with pytest.raises(MetabaseError, match="cannot reach Metabase"):
        provision(metabase_settings(url))


def test_waiting_for_a_metabase_that_never_starts_gives_up():
    with FakeMetabase() as fake:
        url = fake.url
    started = time.monotonic()
    with pytest.raises(MetabaseError, match="is not ready"):
        wait_until_ready(url, seconds=0.5, poll_seconds=0.1)
    assert time.monotonic() - started < 5


def test_the_fake_refuses_requests_without_a_session(fake):
    assert requests.get(f"{fake.url}/api/database", timeout=5).status_code == 401
    response = requests.get(
        f"{fake.url}/api/database", headers={"X-Metabase-Session": "made-up"}, timeout=5
    )
    assert response.status_code == 401


def test_an_expired_session_is_renewed(fake):
    client = connect(metabase_settings(fake.url))
    fake.expire_sessions()

    assert isinstance(client.call("GET", "/api/collection"), list)
    assert len([r for r in fake.requests if r.path == "/api/session"]) == 2


def test_provisioning_puts_back_what_was_changed_by_hand(fake):
    settings = metabase_settings(fake.url)
    dashboard_id = provision(settings).dashboard_id
    dashboard = fake.dashboards[dashboard_id]
    first_card = dashboard["dashcards"][0]["card_id"]
    # Someone drops the seller filter from a question, unlocks the filter, unwires a card
    # and adds a card of their own that is not filtered by seller.
    native = fake.cards[first_card]["dataset_query"]["native"]
    native["query"] = "select * from marts.fct_sales"
    native["template-tags"] = {}
    dashboard["embedding_params"] = {"tenant_id": "enabled"}
    dashboard["dashcards"][1]["parameter_mappings"] = []
    foreign = dict(fake.cards[first_card], id=99, name="Every seller's sales")
    fake.cards[99] = foreign
    dashboard["dashcards"].append(
        dict(dashboard["dashcards"][0], id=500, card_id=99, parameter_mappings=[])
    )

    report = provision(settings)

    actions = {(step.action, step.kind) for step in report.steps}
    assert {("updated", "question"), ("updated", "dashboard"), ("removed", "dashcard")} <= actions
    assert "{{tenant_id}}" in fake.cards[first_card]["dataset_query"]["native"]["query"]
    repaired = fake.dashboards[dashboard_id]
    assert repaired["embedding_params"] == {"tenant_id": "locked"}
    assert 99 not in {dc["card_id"] for dc in repaired["dashcards"]}
    assert all(dc["parameter_mappings"] for dc in repaired["dashcards"])
    assert len(repaired["dashcards"]) == len(QUESTIONS)


def test_the_warehouse_must_be_reachable_by_metabase(fake):
    settings = metabase_settings(fake.url, DATABASE_URL="postgresql://postgres@/mi?host=/tmp/pg")

    with pytest.raises(MetabaseError, match="MI_METABASE_WAREHOUSE_URL"):
        provision(settings)

    provision(metabase_settings(fake.url, MI_METABASE_WAREHOUSE_URL=WAREHOUSE))
    [database] = fake.databases.values()
    assert database["details"]["host"] == "warehouse.internal"


# ---------------------------------------------------------------------------- embed URLs


def test_no_metabase_no_embed_url():
    settings = Settings(_env_file=None, MI_ENVIRONMENT="development")
    assert not settings.metabase_configured
    assert dashboard_embed_url(settings, uuid.uuid4()) is None


def test_the_embed_url_carries_a_signed_token_for_the_seller():
    seller = uuid.uuid4()
    # A dashboard id in the settings: no call to Metabase (nothing listens on port 9).
    settings = metabase_settings(
        "http://127.0.0.1:9",
        MI_METABASE_SITE_URL="https://bi.example.com/",
        MI_METABASE_DASHBOARD_ID="7",
    )

    url = dashboard_embed_url(settings, seller)

    assert url.startswith("https://bi.example.com/embed/dashboard/")
    token = token_of(url)
    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert claims["resource"] == {"dashboard": 7}
    assert claims["params"] == {"tenant_id": str(seller)}
    assert abs(claims["exp"] - (time.time() + 10 * 60)) < 5


def test_each_token_carries_its_own_seller_only():
    seller_a, seller_b = uuid.uuid4(), uuid.uuid4()
    settings = metabase_settings("http://127.0.0.1:9", MI_METABASE_DASHBOARD_ID="3")

    token_a = token_of(dashboard_embed_url(settings, seller_a))
    token_b = token_of(dashboard_embed_url(settings, seller_b))

    claims_a = jwt.decode(token_a, SECRET, algorithms=["HS256"])
    assert claims_a["params"] == {"tenant_id": str(seller_a)}
    assert str(seller_b) not in json.dumps(claims_a)
    assert jwt.decode(token_b, SECRET, algorithms=["HS256"])["params"] == {
        "tenant_id": str(seller_b)
    }


def test_a_token_does_not_verify_with_another_secret():
    settings = metabase_settings("http://127.0.0.1:9", MI_METABASE_DASHBOARD_ID="3")
    token = token_of(dashboard_embed_url(settings, uuid.uuid4()))

    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, "ab" * 32, algorithms=["HS256"])


def test_the_lifetime_comes_from_the_settings():
    settings = metabase_settings("http://127.0.0.1:9", MI_METABASE_EMBED_MINUTES="3")
    now = time.time()
    claims = jwt.decode(embed_token(settings, 1, uuid.uuid4(), now=now), SECRET, ["HS256"])
    assert claims["exp"] == int(now + 3 * 60)


def test_metabase_accepts_the_portal_url_and_rejects_forgeries(fake):
    """End to end with the fake: provision, find the dashboard by name, embed it."""
    settings = metabase_settings(fake.url)
    dashboard_id = provision(settings).dashboard_id
    seller = uuid.uuid4()

    url = dashboard_embed_url(settings, seller)

    token = token_of(url)
    assert jwt.decode(token, SECRET, ["HS256"])["resource"] == {"dashboard": dashboard_id}

    def embed(token: str) -> requests.Response:
        return requests.get(f"{fake.url}/api/embed/dashboard/{token}", timeout=5)

    accepted = embed(token)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["locked_params"] == {"tenant_id": str(seller)}
    assert accepted.json()["parameters"] == []  # no filter widget for the browser

    claims = jwt.decode(token, SECRET, ["HS256"])
    other_seller = {**claims, "params": {"tenant_id": str(uuid.uuid4())}}
    forged = jwt.encode(other_seller, "ab" * 32, algorithm="HS256")
    assert embed(forged).status_code == 400
    assert embed(jwt.encode({**claims, "params": {}}, SECRET, "HS256")).status_code == 400
    expired = jwt.encode({**claims, "exp": int(time.time()) - 1}, SECRET, "HS256")
    assert embed(expired).status_code == 400


def test_a_missing_dashboard_gives_no_url_and_is_not_asked_for_on_every_page(fake):
    settings = metabase_settings(fake.url)  # nothing provisioned yet

    assert dashboard_embed_url(settings, uuid.uuid4()) is None
    asked = len(fake.requests)
    assert dashboard_embed_url(settings, uuid.uuid4()) is None
    assert len(fake.requests) == asked


# ---------------------------------------------------------------------------- settings


def test_metabase_secrets_are_checked_only_when_metabase_is_configured():
    base = {"MI_ENVIRONMENT": "production", "MI_SECRET_KEY": "real", "DATABASE_URL": WAREHOUSE}
    assert not Settings(_env_file=None, **base).metabase_configured

    with pytest.raises(ValidationError, match="MI_METABASE_EMBED_SECRET must be set"):
        Settings(
            _env_file=None,
            **base,
            MI_METABASE_URL="http://metabase:3000",
            MI_METABASE_ADMIN_PASSWORD=PASSWORD,
        )
    with pytest.raises(ValidationError, match="MI_METABASE_ADMIN_PASSWORD"):
        Settings(
            _env_file=None, **base, MI_METABASE_URL="http://m", MI_METABASE_EMBED_SECRET=SECRET
        )
    with pytest.raises(ValidationError, match="64 hexadecimal"):
        metabase_settings("http://m", MI_METABASE_EMBED_SECRET="not-hex-at-all")


def test_development_runs_with_the_development_credentials():
    settings = Settings(
        _env_file=None, MI_ENVIRONMENT="development", MI_METABASE_URL="http://localhost:3001/"
    )
    assert settings.metabase_embed_secret.get_secret_value() == DEV_METABASE_EMBED_SECRET
    assert settings.metabase_browser_url == "http://localhost:3001"


# ---------------------------------------------------------------------------- CLI


def test_mi_metabase_provision_prints_what_it_did(fake):
    env = {
        "MI_METABASE_URL": fake.url,
        "MI_METABASE_ADMIN_PASSWORD": PASSWORD,
        "MI_METABASE_EMBED_SECRET": SECRET,
        "MI_METABASE_WAREHOUSE_URL": WAREHOUSE,
    }

    def run(**extra: str) -> subprocess.CompletedProcess:
        import os

        return subprocess.run(
            [MI, "metabase", "provision", "--wait", "5"],
            capture_output=True,
            text=True,
            env={**os.environ, **env, **extra},
            timeout=120,
        )

    first = run()
    assert first.returncode == 0, first.stderr
    assert f"created  dashboard '{DASHBOARD_NAME}'" in first.stdout
    second = run()
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip().endswith("(unchanged)")
    refused = run(MI_METABASE_ADMIN_PASSWORD="wrong-pass-1")
    assert refused.returncode == 1
    assert "refused the admin login" in refused.stderr


# ---------------------------------------------------------------------------- the SQL


def _processed_seller(settings, report: Path):
    from dagster import DagsterInstance

    from tests.portal_helpers import create_seller, login, portal_client, process, upload_file

    seller = create_seller()
    with DagsterInstance.ephemeral() as instance, portal_client(settings) as client:
        response = upload_file(client, login(client, seller.email), report)
        assert response.status_code == 202, response.text
        process(instance, seller, uuid.UUID(response.json()["id"]))
    return seller


@pytest.fixture(scope="module")
def two_sellers(database, tmp_path_factory):
    """Seller A with the real sample processed, seller B with a generated report."""
    from mi_core.sales_report import write_report
    from tests.portal_helpers import seller_with_processed_sample

    seller_a, _ = seller_with_processed_sample(database)
    report_b = tmp_path_factory.mktemp("metabase") / "seller_b.csv"
    write_report(report_b, 150, seed=11)
    return seller_a, _processed_seller(database, report_b)


def run_question(conn, sql: str, tenant_id) -> list[tuple]:
    # Metabase may send a text variable as a varchar statement parameter: bind it as one.
    bound = sql.replace("{{tenant_id}}", "cast(:tenant_id as varchar)")
    return [tuple(row) for row in conn.execute(text(bound), {"tenant_id": str(tenant_id)})]


MART_TABLES = (
    "fct_sales",
    "fct_seller_monthly",
    "fct_seller_states",
    "fct_seller_categories",
    "fct_seller_clusters",
    "fct_seller_fee_years",
    "fct_seller_daily",
    "fct_seller_daily_states",
    "fct_seller_daily_clusters",
    "fct_seller_daily_titles",
)


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.name)
def test_each_question_runs_on_the_marts_for_one_seller_only(engine, two_sellers, question):
    seller_a, seller_b = two_sellers
    with engine.connect() as conn:
        rows_a = run_question(conn, question.sql, seller_a.id)
        rows_b = run_question(conn, question.sql, seller_b.id)
        assert rows_a, f"{question.name}: no rows for a seller with sales"
        assert rows_b and rows_a != rows_b
        assert run_question(conn, question.sql, uuid.uuid4()) == []

        conn.rollback()

        # With every other seller's rows gone the answer must not change: the question
        # reads seller A's rows and nobody else's. (Deleted in a transaction undone after.)
        try:
            for table in MART_TABLES:
                deleted = conn.execute(
                    text(f"delete from marts.{table} where tenant_id <> :a"), {"a": seller_a.id}
                )
                assert deleted.rowcount > 0, f"no other seller in marts.{table}"
            assert run_question(conn, question.sql, seller_a.id) == rows_a
        finally:
            conn.rollback()
