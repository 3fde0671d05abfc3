"""Metabase dashboards embedded in the portal, locked to the signed-in seller.

Static ("signed") embedding: the portal signs a JWT with Metabase's embedding secret that
names the dashboard and the value of its `tenant_id` parameter. The dashboard marks that
parameter `locked`, so Metabase takes its value from the signed token only: the browser
can neither drop it nor change it without breaking the signature. Every question is
native SQL over the dbt marts with a required `{{tenant_id}}` variable, and the
dashboard's filter is wired to that variable on every card, so no card runs unfiltered.
The questions only select or add up mart columns: the rules (money counts completed
orders, fee regimes, ...) are the marts' (dbt_project/), never re-derived here.

`provision` sets Metabase up through its REST API (session login, or the setup-token
flow on a fresh instance; settings; database; collection; questions; dashboard). It looks
every object up by name first and only creates or corrects what differs, so running it
twice changes nothing; it also puts back what someone changed by hand (the dashboard is
owned by this code: a card that is not one of ours is removed from it, since it would not
be filtered by seller).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Literal

import jwt
import requests
from metabase_api import Metabase_API

from mi_core.settings import Settings

log = logging.getLogger(__name__)

DATABASE_NAME = "Mercari Intelligence warehouse"
COLLECTION_NAME = "Mercari Intelligence"
DASHBOARD_NAME = "Seller dashboard"
MARTS_SCHEMA = "marts"  # where dbt builds the marts (dbt_project.yml, +schema: marts)

TENANT_TAG = "tenant_id"  # the SQL variable of every question
TENANT_PARAMETER_ID = "mi_tenant_id"  # the dashboard filter's id
TENANT_PARAMETER_SLUG = "tenant_id"  # its slug: the key of embedding_params and JWT params
TENANT_FILTER = "tenant_id = cast({{tenant_id}} as uuid)"
TENANT_TARGET = ["variable", ["template-tag", TENANT_TAG]]
TENANT_PARAMETER = {
    "id": TENANT_PARAMETER_ID,
    "name": "Seller",
    "slug": TENANT_PARAMETER_SLUG,
    "type": "string/=",
    "sectionId": "string",
}
LOCKED_EMBEDDING_PARAMS = {TENANT_PARAMETER_SLUG: "locked"}

DASHBOARD_GRID_WIDTH = 24  # Metabase's dashboard grid
HTTP_TIMEOUT_SECONDS = 10.0
# After a failed dashboard lookup the portal waits this long before asking Metabase again.
LOOKUP_RETRY_SECONDS = 60.0
# Template-tag ids are uuids; derived from the question name so reruns compare equal.
_TAG_NAMESPACE = uuid.UUID("6f1d2c1e-8d0a-4f5e-9a57-2b0f4e1c9d3a")


@dataclass(frozen=True)
class Question:
    """A native-SQL question over the marts, filtered by the `tenant_id` variable."""

    name: str
    description: str
    sql: str
    display: str
    visualization_settings: dict[str, Any] = field(default_factory=dict)
    size_x: int = 12
    size_y: int = 6

    def template_tags(self) -> dict[str, Any]:
        return {
            TENANT_TAG: {
                "id": str(uuid.uuid5(_TAG_NAMESPACE, self.name)),
                "name": TENANT_TAG,
                "display-name": "Seller",
                "type": "text",
                "required": True,
            }
        }

    def dataset_query(self, database_id: int) -> dict[str, Any]:
        return {
            "type": "native",
            "database": database_id,
            "native": {"query": self.sql, "template-tags": self.template_tags()},
        }


def _graph(dimension: str, *metrics: str) -> dict[str, Any]:
    return {"graph.dimensions": [dimension], "graph.metrics": list(metrics)}


QUESTIONS: tuple[Question, ...] = (
    Question(
        name="Sales and net proceeds by month",
        description="Completed orders: gross sales, what Mercari paid out, and fees.",
        sql=f"""select month, gross_sales, net_proceeds, total_fees
from {MARTS_SCHEMA}.fct_seller_monthly
where {TENANT_FILTER}
order by month""",
        display="line",
        visualization_settings=_graph("month", "gross_sales", "net_proceeds", "total_fees"),
    ),
    Question(
        name="Orders and cancellations by month",
        description="Completed and cancelled orders per month.",
        sql=f"""select month, orders, cancelled_orders
from {MARTS_SCHEMA}.fct_seller_monthly
where {TENANT_FILTER}
order by month""",
        display="bar",
        visualization_settings=_graph("month", "orders", "cancelled_orders"),
    ),
    Question(
        name="Sales by department",
        description="Completed orders per department of the category taxonomy.",
        sql=f"""select department, sum(orders) as orders, sum(gross_sales) as gross_sales,
       sum(net_proceeds) as net_proceeds
from {MARTS_SCHEMA}.fct_seller_categories
where {TENANT_FILTER}
group by department
order by gross_sales desc, department""",
        display="row",
        visualization_settings=_graph("department", "gross_sales"),
    ),
    Question(
        name="Orders by buyer state",
        description="Where completed orders were shipped to.",
        sql=f"""select shipped_to_state, orders, gross_sales
from {MARTS_SCHEMA}.fct_seller_states
where {TENANT_FILTER} and shipped_to_state <> 'UNKNOWN'
order by orders desc, shipped_to_state""",
        display="map",
        visualization_settings={
            "map.type": "region",
            "map.region": "us_states",
            "map.dimension": "shipped_to_state",
            "map.metric": "orders",
        },
    ),
    Question(
        name="Best sellers",
        description="The 25 titles that brought in the most, completed orders only.",
        sql=f"""select item_title, sum(orders) as orders, sum(gross_sales) as gross_sales,
       sum(net_proceeds) as net_proceeds
from {MARTS_SCHEMA}.fct_seller_daily_titles
where {TENANT_FILTER}
group by item_title
having sum(orders) > 0
order by gross_sales desc, item_title
limit 25""",
        display="table",
    ),
    Question(
        name="Product lines",
        description="Titles clustered into product lines.",
        sql=f"""select cluster_name, orders, gross_sales, net_proceeds, share_of_gross
from {MARTS_SCHEMA}.fct_seller_clusters
where {TENANT_FILTER}
order by gross_sales desc, cluster_name""",
        display="table",
    ),
    Question(
        name="Fees by year",
        description="Mercari's fee regime of each year and the share of sales it took.",
        sql=f"""select year, fee_regime, orders, gross_sales, total_fees, effective_fee_rate
from {MARTS_SCHEMA}.fct_seller_fee_years
where {TENANT_FILTER}
order by year""",
        display="table",
        size_x=24,
        size_y=5,
    ),
)


class MetabaseError(RuntimeError):
    """Metabase cannot be reached or answered something provisioning cannot go on with."""


def _error_text(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:300] or response.reason
    if isinstance(body, dict):
        return str(body.get("errors") or body.get("message") or body)[:300]
    return str(body)[:300]


def _check(response: requests.Response, what: str) -> Any:
    if not response.ok:
        raise MetabaseError(f"{what} failed (HTTP {response.status_code}): {_error_text(response)}")
    return response.json() if response.content else None


class MetabaseClient(Metabase_API):
    """metabase-api's client (session login, the `X-Metabase-Session` header, its REST
    helpers) with timeouts, errors that say what failed, and one re-login when the
    session expired instead of the library's check before every request."""

    def __init__(self, url: str, email: str, password: str, timeout: float) -> None:
        self.timeout = timeout
        try:
            super().__init__(url, email=email, password=password)
        except requests.RequestException as err:
            raise MetabaseError(f"cannot reach Metabase at {url}: {err}") from None

    def authenticate(self) -> None:
        response = requests.post(
            f"{self.domain}/api/session",
            json={"username": self.email, "password": self.password},
            timeout=self.timeout,
        )
        if response.status_code in (400, 401):
            raise MetabaseError(
                f"Metabase refused the admin login of {self.email} "
                f"(HTTP {response.status_code}: {_error_text(response)}); "
                "check MI_METABASE_ADMIN_EMAIL and MI_METABASE_ADMIN_PASSWORD"
            )
        self.session_id = _check(response, "POST /api/session")["id"]
        self.header = {"X-Metabase-Session": self.session_id}

    def validate_session(self) -> bool:
        return True  # `call` logs in again on a 401 instead of asking before every request

    def call(self, method: Literal["GET", "POST", "PUT"], endpoint: str, **kwargs: Any) -> Any:
        send = {"GET": self.get, "POST": self.post, "PUT": self.put}[method]
        try:
            response = send(endpoint, "raw", timeout=self.timeout, **kwargs)
            if response.status_code == 401:  # the session expired (14 days by default)
                self.authenticate()
                response = send(endpoint, "raw", timeout=self.timeout, **kwargs)
        except requests.RequestException as err:
            raise MetabaseError(f"{method} {endpoint}: cannot reach Metabase: {err}") from None
        return _check(response, f"{method} {endpoint}")


# ---------------------------------------------------------------------------- provisioning


Action = Literal["created", "updated", "found", "removed"]


@dataclass(frozen=True)
class ProvisionStep:
    action: Action
    kind: str
    name: str
    id: int | str | None = None

    def line(self) -> str:
        ident = f" (id {self.id})" if self.id is not None else ""
        return f"{self.action:<8} {self.kind} {self.name!r}{ident}"


@dataclass
class ProvisionReport:
    steps: list[ProvisionStep] = field(default_factory=list)
    dashboard_id: int | None = None

    def add(self, action: Action, kind: str, name: str, ident: int | str | None = None) -> None:
        self.steps.append(ProvisionStep(action, kind, name, ident))

    @property
    def changed(self) -> bool:
        return any(step.action != "found" for step in self.steps)

    def lines(self) -> list[str]:
        return [step.line() for step in self.steps]


def wait_until_ready(url: str, seconds: float, poll_seconds: float = 2.0) -> None:
    """Wait for Metabase's /api/health to say ok (it takes a minute to start)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            response = requests.get(f"{url}/api/health", timeout=HTTP_TIMEOUT_SECONDS)
            if response.ok and response.json().get("status") == "ok":
                return
            problem = f"HTTP {response.status_code}"
        except (requests.RequestException, ValueError) as err:
            problem = str(err)
        if time.monotonic() >= deadline:
            raise MetabaseError(f"Metabase at {url} is not ready: {problem}")
        time.sleep(poll_seconds)


def _metabase_url(settings: Settings) -> str:
    if not settings.metabase_url:
        raise MetabaseError("MI_METABASE_URL is not set: Metabase is not configured")
    return settings.metabase_url.rstrip("/")


def _set_up_fresh_instance(settings: Settings, report: ProvisionReport) -> None:
    """On a Metabase nobody has set up yet, create the admin with the setup token."""
    url = _metabase_url(settings)
    try:
        response = requests.get(f"{url}/api/session/properties", timeout=HTTP_TIMEOUT_SECONDS)
    except requests.RequestException as err:
        raise MetabaseError(f"cannot reach Metabase at {url}: {err}") from None
    properties = _check(response, "GET /api/session/properties")
    token = properties.get("setup-token")
    if properties.get("has-user-setup", True) or not token:
        return
    body = {
        "token": token,
        "user": {
            "email": settings.metabase_admin_email,
            "password": settings.metabase_admin_password.get_secret_value(),
            "first_name": "Mercari Intelligence",
            "last_name": "Admin",
            "site_name": "Mercari Intelligence",
        },
        "prefs": {"site_name": "Mercari Intelligence", "allow_tracking": False},
    }
    response = requests.post(f"{url}/api/setup", json=body, timeout=HTTP_TIMEOUT_SECONDS)
    _check(response, "POST /api/setup")
    report.add("created", "admin", settings.metabase_admin_email)


def connect(settings: Settings, timeout: float = HTTP_TIMEOUT_SECONDS) -> MetabaseClient:
    return MetabaseClient(
        _metabase_url(settings),
        settings.metabase_admin_email,
        settings.metabase_admin_password.get_secret_value(),
        timeout,
    )


def _ensure_setting(
    client: MetabaseClient, report: ProvisionReport, key: str, value: Any, shown: str
) -> None:
    if client.call("GET", f"/api/setting/{key}") == value:
        report.add("found", "setting", f"{key} = {shown}")
        return
    client.call("PUT", f"/api/setting/{key}", json={"value": value})
    report.add("updated", "setting", f"{key} = {shown}")


def warehouse_details(settings: Settings) -> dict[str, Any]:
    """How Metabase connects to the warehouse: the product's PostgreSQL (or the URL given
    for Metabase), syncing only the marts schema."""
    source = settings
    if settings.metabase_warehouse_url:
        source = settings.model_copy(update={"database_url": settings.metabase_warehouse_url})
    env = source.dbt_env()
    if env["MI_DBT_HOST"].startswith("/"):
        raise MetabaseError(
            "the warehouse is reached over a unix socket, which Metabase cannot use; "
            "set MI_METABASE_WAREHOUSE_URL to an address Metabase can reach"
        )
    return {
        "host": env["MI_DBT_HOST"],
        "port": int(env["MI_DBT_PORT"]),
        "dbname": env["MI_DBT_DBNAME"],
        "user": env["MI_DBT_USER"],
        "password": env["MI_DBT_PASSWORD"],
        "ssl": False,
        "schema-filters-type": "inclusion",
        "schema-filters-patterns": MARTS_SCHEMA,
    }


_COMPARED_DETAILS = ("host", "port", "dbname", "user", "schema-filters-type")


def _items(body: Any) -> list[dict[str, Any]]:
    """List endpoints answer a list or (paginated ones) `{"data": [...], "total": n}`."""
    return body["data"] if isinstance(body, dict) else body


def _ensure_database(client: MetabaseClient, settings: Settings, report: ProvisionReport) -> int:
    details = warehouse_details(settings)
    existing = next(
        (db for db in _items(client.call("GET", "/api/database")) if db["name"] == DATABASE_NAME),
        None,
    )
    if existing is None:
        created = client.call(
            "POST",
            "/api/database",
            json={"engine": "postgres", "name": DATABASE_NAME, "details": details},
        )
        # Native questions run without it, but the data browser needs the marts' tables.
        client.call("POST", f"/api/database/{created['id']}/sync_schema")
        report.add("created", "database", DATABASE_NAME, created["id"])
        return created["id"]
    current = existing.get("details") or {}
    drifted = any(str(current.get(key)) != str(details[key]) for key in _COMPARED_DETAILS)
    drifted |= current.get("schema-filters-patterns") != details["schema-filters-patterns"]
    if existing.get("engine") != "postgres" or drifted:
        client.call("PUT", f"/api/database/{existing['id']}", json={"details": details})
        report.add("updated", "database", DATABASE_NAME, existing["id"])
    else:
        report.add("found", "database", DATABASE_NAME, existing["id"])
    return existing["id"]


def find_collection_id(client: MetabaseClient) -> int | None:
    for collection in _items(client.call("GET", "/api/collection")):
        if (
            collection.get("name") == COLLECTION_NAME
            and not collection.get("archived")
            and collection.get("personal_owner_id") is None
            and isinstance(collection.get("id"), int)
        ):
            return collection["id"]
    return None


def _ensure_collection(client: MetabaseClient, report: ProvisionReport) -> int:
    found = find_collection_id(client)
    if found is not None:
        report.add("found", "collection", COLLECTION_NAME, found)
        return found
    created = client.call(
        "POST",
        "/api/collection",
        json={
            "name": COLLECTION_NAME,
            "description": "Managed by `mi metabase provision`; edits are overwritten.",
            "parent_id": None,
        },
    )
    report.add("created", "collection", COLLECTION_NAME, created["id"])
    return created["id"]


def _collection_items(client: MetabaseClient, collection_id: int, model: str) -> dict[str, int]:
    """Name → id of the collection's (non-archived) cards or dashboards."""
    body = client.call("GET", f"/api/collection/{collection_id}/items", params={"models": model})
    return {item["name"]: item["id"] for item in _items(body) if item.get("model") == model}


def _card_payload(question: Question, database_id: int, collection_id: int) -> dict[str, Any]:
    return {
        "name": question.name,
        "description": question.description,
        "collection_id": collection_id,
        "display": question.display,
        "visualization_settings": question.visualization_settings,
        "dataset_query": question.dataset_query(database_id),
    }


def _card_differs(card: dict[str, Any], wanted: dict[str, Any]) -> bool:
    """Compare only what we set: Metabase adds keys of its own to a stored card."""
    query = card.get("dataset_query") or {}
    native = query.get("native") or {}
    tag = (native.get("template-tags") or {}).get(TENANT_TAG) or {}
    wanted_query = wanted["dataset_query"]
    wanted_tag = wanted_query["native"]["template-tags"][TENANT_TAG]
    settings = card.get("visualization_settings") or {}
    return (
        query.get("type") != "native"
        or query.get("database") != wanted_query["database"]
        or native.get("query") != wanted_query["native"]["query"]
        or any(tag.get(key) != value for key, value in wanted_tag.items())
        or card.get("display") != wanted["display"]
        or card.get("description") != wanted["description"]
        or any(settings.get(k) != v for k, v in wanted["visualization_settings"].items())
    )


def _ensure_cards(
    client: MetabaseClient, report: ProvisionReport, database_id: int, collection_id: int
) -> list[int]:
    existing = _collection_items(client, collection_id, "card")
    card_ids = []
    for question in QUESTIONS:
        wanted = _card_payload(question, database_id, collection_id)
        card_id = existing.get(question.name)
        if card_id is None:
            card_id = client.call("POST", "/api/card", json=wanted)["id"]
            report.add("created", "question", question.name, card_id)
        elif _card_differs(client.call("GET", f"/api/card/{card_id}"), wanted):
            client.call("PUT", f"/api/card/{card_id}", json=wanted)
            report.add("updated", "question", question.name, card_id)
        else:
            report.add("found", "question", question.name, card_id)
        card_ids.append(card_id)
    return card_ids


def _tenant_mapping(card_id: int) -> dict[str, Any]:
    return {"parameter_id": TENANT_PARAMETER_ID, "card_id": card_id, "target": TENANT_TARGET}


def _layout(card_ids: list[int], existing: dict[int, int]) -> list[dict[str, Any]]:
    """Dashcards for our cards, two to a row; existing dashcards keep their ids."""
    dashcards, row, col, row_height = [], 0, 0, 0
    for index, (question, card_id) in enumerate(zip(QUESTIONS, card_ids, strict=True)):
        if col + question.size_x > DASHBOARD_GRID_WIDTH:
            row, col, row_height = row + row_height, 0, 0
        dashcards.append(
            {
                "id": existing.get(card_id, -(index + 1)),  # negative id: a new dashcard
                "card_id": card_id,
                "row": row,
                "col": col,
                "size_x": question.size_x,
                "size_y": question.size_y,
                "parameter_mappings": [_tenant_mapping(card_id)],
                "visualization_settings": {},
                "series": [],
            }
        )
        col += question.size_x
        row_height = max(row_height, question.size_y)
    return dashcards


def _wired_to_tenant(dashcard: dict[str, Any]) -> bool:
    mappings = dashcard.get("parameter_mappings") or []
    wanted = _tenant_mapping(dashcard.get("card_id"))
    return len(mappings) == 1 and all(mappings[0].get(k) == v for k, v in wanted.items())


def _dashboard_differs(dashboard: dict[str, Any], card_ids: list[int]) -> bool:
    dashcards = dashboard.get("dashcards") or []
    parameters = dashboard.get("parameters") or []
    return (
        sorted(dc.get("card_id") or 0 for dc in dashcards) != sorted(card_ids)
        or not all(_wired_to_tenant(dc) for dc in dashcards)
        or len(parameters) != 1
        or any(parameters[0].get(k) != v for k, v in TENANT_PARAMETER.items())
        or dashboard.get("enable_embedding") is not True
        or dashboard.get("embedding_params") != LOCKED_EMBEDDING_PARAMS
    )


def _ensure_dashboard(
    client: MetabaseClient, report: ProvisionReport, collection_id: int, card_ids: list[int]
) -> int:
    dashboard_id = _collection_items(client, collection_id, "dashboard").get(DASHBOARD_NAME)
    created = dashboard_id is None
    if created:
        dashboard_id = client.call(
            "POST",
            "/api/dashboard",
            json={
                "name": DASHBOARD_NAME,
                "description": "Your sales, fees and buyers. Managed by Mercari Intelligence.",
                "collection_id": collection_id,
                "parameters": [TENANT_PARAMETER],
            },
        )["id"]
    dashboard = client.call("GET", f"/api/dashboard/{dashboard_id}")
    if not _dashboard_differs(dashboard, card_ids):
        report.add("created" if created else "found", "dashboard", DASHBOARD_NAME, dashboard_id)
        return dashboard_id
    dashcards = dashboard.get("dashcards") or []
    ours = {dc["card_id"]: dc["id"] for dc in dashcards if dc.get("card_id") in card_ids}
    for foreign in (dc for dc in dashcards if dc.get("card_id") not in card_ids):
        # Not filtered by seller: it would show every seller's rows to every seller.
        report.add("removed", "dashcard", str(foreign.get("card_id")), foreign.get("id"))
    client.call(
        "PUT",
        f"/api/dashboard/{dashboard_id}",
        json={
            "parameters": [TENANT_PARAMETER],
            "dashcards": _layout(card_ids, ours),
            "enable_embedding": True,
            "embedding_params": LOCKED_EMBEDDING_PARAMS,
        },
    )
    report.add("created" if created else "updated", "dashboard", DASHBOARD_NAME, dashboard_id)
    return dashboard_id


def provision(settings: Settings, *, wait_seconds: float = 0) -> ProvisionReport:
    """Set Metabase up for the embedded seller dashboard; safe to run again."""
    url = _metabase_url(settings)
    if wait_seconds > 0:
        wait_until_ready(url, wait_seconds)
    report = ProvisionReport()
    _set_up_fresh_instance(settings, report)
    client = connect(settings)
    _ensure_setting(client, report, "enable-embedding", True, "true")
    secret = settings.metabase_embed_secret.get_secret_value()
    _ensure_setting(client, report, "embedding-secret-key", secret, "MI_METABASE_EMBED_SECRET")
    database_id = _ensure_database(client, settings, report)
    collection_id = _ensure_collection(client, report)
    card_ids = _ensure_cards(client, report, database_id, collection_id)
    report.dashboard_id = _ensure_dashboard(client, report, collection_id, card_ids)
    return report


# --------------------------------------------------------------------------------- embedding


def find_dashboard_id(settings: Settings) -> int | None:
    """The provisioned dashboard's id, looked up by collection and name."""
    client = connect(settings)
    collection_id = find_collection_id(client)
    if collection_id is None:
        return None
    return _collection_items(client, collection_id, "dashboard").get(DASHBOARD_NAME)


class _DashboardIdCache:
    """One lookup per process; after a failure, ask again only after a pause so that a
    Metabase that is down does not slow every page."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._found: dict[str, int] = {}
        self._failed_at: dict[str, float] = {}

    def get(self, settings: Settings) -> int | None:
        key = _metabase_url(settings)
        with self._lock:
            if key in self._found:
                return self._found[key]
            failed_at = self._failed_at.get(key)
            if failed_at is not None and time.monotonic() - failed_at < LOOKUP_RETRY_SECONDS:
                return None
            try:
                dashboard_id = find_dashboard_id(settings)
            except MetabaseError as err:
                log.warning("Metabase dashboard lookup failed: %s", err)
                dashboard_id = None
            if dashboard_id is None:
                self._failed_at[key] = time.monotonic()
            else:
                self._found[key] = dashboard_id
            return dashboard_id

    def clear(self) -> None:
        with self._lock:
            self._found.clear()
            self._failed_at.clear()


dashboard_id_cache = _DashboardIdCache()


def embed_token(
    settings: Settings, dashboard_id: int, tenant_id: uuid.UUID | str, now: float | None = None
) -> str:
    """HS256 JWT naming the dashboard and locking its seller filter to `tenant_id`."""
    issued = time.time() if now is None else now
    payload = {
        "resource": {"dashboard": dashboard_id},
        "params": {TENANT_PARAMETER_SLUG: str(tenant_id)},
        "exp": int(issued + settings.metabase_embed_minutes * 60),
    }
    return jwt.encode(payload, settings.metabase_embed_secret.get_secret_value(), "HS256")


def dashboard_embed_url(settings: Settings, tenant_id: uuid.UUID | str) -> str | None:
    """The iframe URL of the seller's Metabase dashboard, or None when Metabase is not
    configured (or its dashboard cannot be found): the portal's own dashboards stand alone."""
    if not settings.metabase_configured or settings.metabase_browser_url is None:
        return None
    dashboard_id = settings.metabase_dashboard_id or dashboard_id_cache.get(settings)
    if dashboard_id is None:
        return None
    token = embed_token(settings, dashboard_id, tenant_id)
    return f"{settings.metabase_browser_url}/embed/dashboard/{token}#bordered=false&titled=false"
