"""Tenant isolation past the portal's routes: through the database's read-only roles and
through Metabase's signed embed tokens, with two real sellers processed by the pipeline.

- A `mi_tenant_reader` session naming seller A sees, in every table and view of `marts`,
  all of A's rows and not one row of B (B's tenant id, item ids and titles are searched
  for in the rows as text). `mi_metabase` reads across tenants by design: what keeps a
  seller to their rows in Metabase is the token, so its questions are run as
  `mi_metabase` with the tenant the portal signed.
- The dashboard page A gets carries a token locked to A; that token cannot be turned into
  B's: changed claims under A's signature, another key, `alg: none`, a dropped or an
  added parameter are all refused by Metabase (the local fake, which checks the JWT as
  static embedding does), and the dashboard's `tenant_id` parameter is `locked`.

A control shows the same searches find B's rows when B is named (or by the owner).
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import uuid
from collections.abc import Iterator

import jwt
import psycopg
import pytest
import requests
from psycopg import sql
from pydantic import SecretStr

from mi_core.analysts import METABASE_ROLE, TENANT_READER_ROLE, TENANT_SETTING, connection_url
from mi_core.metabase import QUESTIONS, provision
from mi_core.settings import Settings
from portal.metabase import dashboard_id_cache
from tests.fakes.metabase_server import FakeMetabase
from tests.portal_helpers import login, portal_client

# Two real pipeline runs in a fixture outlast the suite's 600 s on a loaded machine.
pytestmark = pytest.mark.timeout(1800)

EMBED_SECRET = "7c" * 32
ADMIN_PASSWORD = "admin-pass-42"


@pytest.fixture(scope="module")
def sellers(database, tmp_path_factory):
    """A with the real sample, B with a generated report: different titles and items."""
    from mi_core.sales_report import write_report
    from tests.portal_helpers import seller_with_processed_sample

    seller_a, _ = seller_with_processed_sample(database)
    report_b = tmp_path_factory.mktemp("isolation") / "seller_b.csv"
    write_report(report_b, 150, seed=23)
    from dagster import DagsterInstance

    from tests.portal_helpers import create_seller, process, upload_file

    seller_b = create_seller()
    with DagsterInstance.ephemeral() as instance, portal_client(database) as client:
        response = upload_file(client, login(client, seller_b.email), report_b)
        assert response.status_code == 202, response.text
        process(instance, seller_b, uuid.UUID(response.json()["id"]))
    return seller_a, seller_b


@pytest.fixture(scope="module")
def owner(database) -> Iterator[psycopg.Connection]:
    with psycopg.connect(database.resolved_database_url(), autocommit=True) as conn:
        yield conn


@pytest.fixture(scope="module")
def b_secrets(owner, sellers) -> list[str]:
    """Strings only seller B's rows hold: B's id, and B's item ids and titles A lacks."""
    seller_a, seller_b = sellers

    def values(tenant_id, column):
        return {
            row[0]
            for row in owner.execute(
                f"select distinct {column} from raw.sales_report_rows where tenant_id = %s",
                (tenant_id,),
            )
        }

    items = values(seller_b.id, "item_id") - values(seller_a.id, "item_id")
    titles = {
        t
        for t in values(seller_b.id, "item_title") - values(seller_a.id, "item_title")
        # Searchable in a row's text form as they are (no quoting there).
        if len(t) >= 20 and not set(t) & set('"\\,()')
    }
    assert len(items) >= 100 and titles, (len(items), len(titles))
    return [str(seller_b.id), *sorted(items), *sorted(titles)]


@pytest.fixture(scope="module")
def member(database, owner):
    """A LOGIN member of a group role (as `mi analyst create` makes); dropped afterwards."""
    created: list[str] = []

    def make(group: str) -> psycopg.Connection:
        name = f"test_iso_{group}_{uuid.uuid4().hex[:8]}"
        password = secrets.token_urlsafe(16)
        owner.execute(
            sql.SQL("create role {} login password {} in role {}").format(
                sql.Identifier(name), sql.Literal(password), sql.Identifier(group)
            )
        )
        created.append(name)
        url = connection_url(database.resolved_database_url(), name, password)
        return psycopg.connect(url, autocommit=True)

    yield make
    for name in created:
        owner.execute(sql.SQL("drop owned by {}").format(sql.Identifier(name)))
        owner.execute(sql.SQL("drop role {}").format(sql.Identifier(name)))


def mart_relations(owner: psycopg.Connection) -> list[str]:
    """Every table, view and materialised view in schema `marts`."""
    rows = owner.execute(
        "select format('marts.%I', c.relname) from pg_class c"
        " join pg_namespace n on n.oid = c.relnamespace"
        " where n.nspname = 'marts' and c.relkind in ('r', 'v', 'm', 'p') order by 1"
    ).fetchall()
    assert len(rows) >= 15, rows
    return [row[0] for row in rows]


def rows_as_text(conn: psycopg.Connection, relation: str) -> list[str]:
    return [row[0] for row in conn.execute(f"select t::text from {relation} t")]


def shown(rows: list[str], secrets_: list[str]) -> list[str]:
    text = "\n".join(rows)
    return [s for s in secrets_ if s in text]


def name_tenant(conn: psycopg.Connection, tenant_id: uuid.UUID) -> None:
    conn.execute("select set_config(%s, %s, false)", (TENANT_SETTING, str(tenant_id)))


def test_a_tenant_reader_naming_a_sees_all_of_a_and_nothing_of_b(owner, member, sellers, b_secrets):
    seller_a, seller_b = sellers
    leaks: dict[str, list[str]] = {}
    with member(TENANT_READER_ROLE) as conn:
        name_tenant(conn, seller_a.id)
        for relation in mart_relations(owner):
            rows = rows_as_text(conn, relation)
            if found := shown(rows, b_secrets):
                leaks[relation] = found[:3]
            if _keyed(owner, relation):
                mine = owner.execute(
                    f"select count(*) from {relation} where tenant_id = %s", (seller_a.id,)
                ).fetchone()[0]
                assert len(rows) == mine, relation
        assert rows_as_text(conn, "marts.fct_sales"), "A's own sales are readable"

        # Control: naming B, the same search finds B's rows.
        name_tenant(conn, seller_b.id)
        assert shown(rows_as_text(conn, "marts.fct_sales"), b_secrets)
    assert leaks == {}, leaks
    assert shown(rows_as_text(owner, "marts.fct_sales"), b_secrets)


def _keyed(owner: psycopg.Connection, relation: str) -> bool:
    table = relation.split(".", 1)[1]
    return bool(
        owner.execute(
            "select 1 from information_schema.columns where table_schema = 'marts'"
            " and table_name = %s and column_name = 'tenant_id'",
            (table,),
        ).fetchone()
    )


# --- Metabase tokens ---


def metabase_settings(database: Settings, url: str, **extra) -> Settings:
    return database.model_copy(
        update={
            "metabase_url": url,
            "metabase_admin_password": SecretStr(ADMIN_PASSWORD),
            "metabase_embed_secret": SecretStr(EMBED_SECRET),
            # Where Metabase itself reaches the warehouse (the tests' server has a socket).
            "metabase_warehouse_url": "postgresql://mi:pw@warehouse.internal:6543/mi",
            **extra,
        }
    )


@pytest.fixture(scope="module")
def metabase(database):
    """The fake Metabase, provisioned by the product's own `mi metabase provision` code."""
    with FakeMetabase(admin_password=ADMIN_PASSWORD) as fake:
        dashboard_id_cache.clear()
        dashboard_id = provision(metabase_settings(database, fake.url)).dashboard_id
        yield fake, dashboard_id
    dashboard_id_cache.clear()


def _page_token(database, fake_url: str, dashboard_id: int, seller) -> str:
    """The token in the iframe of the dashboard page seller A opens."""
    from tests.portal_helpers import PASSWORD

    settings = metabase_settings(database, fake_url, metabase_dashboard_id=dashboard_id)
    with portal_client(settings) as client:
        client.cookies.clear()
        client.get("/login")
        token = client.cookies["csrftoken"]
        signed_in = client.post(
            "/login",
            data={"username": seller.email, "password": PASSWORD, "csrftoken": token},
            follow_redirects=False,
        )
        assert signed_in.status_code == 303, signed_in.text
        page = client.get("/dashboard")
    assert page.status_code == 200, page.text
    match = re.search(r"/embed/dashboard/([A-Za-z0-9_\-\.]+)#", page.text)
    assert match, "the dashboard page embeds no Metabase dashboard"
    return match.group(1)


def _embed(fake: FakeMetabase, token: str) -> requests.Response:
    return requests.get(f"{fake.url}/api/embed/dashboard/{token}", timeout=10)


def _b64(data: dict) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def test_a_token_for_a_cannot_be_turned_into_bs(database, metabase, sellers):
    fake, dashboard_id = metabase
    seller_a, seller_b = sellers
    token = _page_token(database, fake.url, dashboard_id, seller_a)
    claims = jwt.decode(token, EMBED_SECRET, algorithms=["HS256"])
    assert claims["params"] == {"tenant_id": str(seller_a.id)}
    accepted = _embed(fake, token)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["locked_params"] == {"tenant_id": str(seller_a.id)}
    # No filter the browser could set: the seller parameter is locked on the dashboard.
    assert accepted.json()["parameters"] == []
    assert fake.dashboards[dashboard_id]["embedding_params"] == {"tenant_id": "locked"}

    header, _payload, signature = token.split(".")
    with_b_too = {**claims, "params": {"tenant_id": [str(seller_a.id), str(seller_b.id)]}}
    as_b = {**claims, "params": {"tenant_id": str(seller_b.id)}}
    forgeries = {
        "B's claims under A's signature": f"{header}.{_b64(as_b)}.{signature}",
        "B's claims signed with another key": jwt.encode(as_b, "ab" * 32, algorithm="HS256"),
        "B's claims unsigned (alg none)": (f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(as_b)}."),
        "the seller parameter dropped": f"{header}.{_b64({**claims, 'params': {}})}.{signature}",
        "B added as a second value": f"{header}.{_b64(with_b_too)}.{signature}",
    }
    answers = {name: _embed(fake, forged).status_code for name, forged in forgeries.items()}
    assert answers == dict.fromkeys(forgeries, 400), answers


def test_metabase_questions_for_as_token_show_nothing_of_b(
    database, metabase, member, sellers, b_secrets
):
    """Metabase runs its questions as mi_metabase with the locked value it verified."""
    fake, dashboard_id = metabase
    seller_a, seller_b = sellers
    token = _page_token(database, fake.url, dashboard_id, seller_a)
    tenant = _embed(fake, token).json()["locked_params"]["tenant_id"]
    assert tenant == str(seller_a.id)
    with member(METABASE_ROLE) as conn:
        for question in QUESTIONS:
            answer = [repr(row) for row in conn.execute(_bound(question.sql, tenant))]
            assert answer, question.name
            assert not shown(answer, b_secrets), question.name
            # The answer is A's alone: B's is a different one.
            assert answer != [
                repr(row) for row in conn.execute(_bound(question.sql, str(seller_b.id)))
            ], question.name


def _bound(question_sql: str, tenant: str) -> str:
    """Metabase's substitution of the text variable (a quoted literal of the uuid)."""
    assert re.fullmatch(r"[0-9a-f-]{36}", tenant), tenant
    return question_sql.replace("{{tenant_id}}", f"'{tenant}'")
