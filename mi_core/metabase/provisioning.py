"""`mi metabase provision`: Metabase set up for the seller dashboard the portal embeds.

Signed embedding (static embedding, documented as guest embedding in current releases):
the portal signs a JWT naming the dashboard and the value of its `tenant_id` parameter.
The dashboard marks that parameter `locked`, so Metabase takes its value from the signed
token only. Every question is native SQL with a required `{{tenant_id}}` variable, and the
dashboard's filter is wired to it on every card. Provisioning checks that wiring on what
Metabase stored, and fails loudly if any card escapes it: an unwired card would show every
seller's rows.

Provisioning goes through the REST API (session login, or the setup-token flow on a fresh
instance; settings; database; collection; questions; dashboard). It reads Metabase's
version first (v0.50 and the current releases name the embedding setting differently). It
looks every object up by name and only creates or corrects what differs, so running it
twice changes nothing; it also puts back what someone changed by hand (a card that is not
one of ours is removed from the dashboard, since it would not be filtered by seller).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import requests

from mi_core.metabase.client import (
    HTTP_TIMEOUT_SECONDS,
    MetabaseClient,
    MetabaseError,
    MetabaseVersion,
    check_response,
    collection_items,
    connect,
    find_collection_id,
    items,
    metabase_url,
    server_version,
    session_properties,
    wait_until_ready,
)
from mi_core.metabase.questions import (
    COLLECTION_NAME,
    DASHBOARD_GRID_WIDTH,
    DASHBOARD_NAME,
    DATABASE_NAME,
    LOCKED_EMBEDDING_PARAMS,
    MARTS_SCHEMA,
    QUESTIONS,
    TENANT_PARAMETER,
    TENANT_PARAMETER_ID,
    TENANT_TAG,
    TENANT_TARGET,
    Question,
)
from mi_core.settings import Settings

Action = Literal["created", "updated", "found", "removed", "checked"]


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
    version: str | None = None

    def add(self, action: Action, kind: str, name: str, ident: int | str | None = None) -> None:
        self.steps.append(ProvisionStep(action, kind, name, ident))

    @property
    def changed(self) -> bool:
        return any(step.action not in ("found", "checked") for step in self.steps)

    def lines(self) -> list[str]:
        return [step.line() for step in self.steps]


def _set_up_fresh_instance(
    settings: Settings, properties: dict[str, Any], report: ProvisionReport
) -> None:
    """On a Metabase nobody has set up yet, create the admin with the setup token."""
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
    url = metabase_url(settings)
    try:
        response = requests.post(f"{url}/api/setup", json=body, timeout=HTTP_TIMEOUT_SECONDS)
    except requests.RequestException as err:
        raise MetabaseError(f"cannot reach Metabase at {url}: {err}") from None
    check_response(response, "POST /api/setup")
    report.add("created", "admin", settings.metabase_admin_email)


def _ensure_setting(
    client: MetabaseClient, report: ProvisionReport, key: str, value: Any, shown: str
) -> None:
    if client.call("GET", f"/api/setting/{key}") == value:
        report.add("found", "setting", f"{key} = {shown}")
        return
    client.call("PUT", f"/api/setting/{key}", json={"value": value})
    report.add("updated", "setting", f"{key} = {shown}")


def warehouse_details(settings: Settings) -> dict[str, Any]:
    """How Metabase connects to the warehouse: the URL given for Metabase (its read-only
    role, `mi_metabase`, in the compose deployment) or else the product's PostgreSQL,
    syncing only the marts schema."""
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


def _ensure_database(client: MetabaseClient, settings: Settings, report: ProvisionReport) -> int:
    details = warehouse_details(settings)
    existing = next(
        (db for db in items(client.call("GET", "/api/database")) if db["name"] == DATABASE_NAME),
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
    existing = collection_items(client, collection_id, "card")
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
    dashboard_id = collection_items(client, collection_id, "dashboard").get(DASHBOARD_NAME)
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


def _unwired_cards(client: MetabaseClient, dashboard: dict[str, Any]) -> list[str]:
    """What escapes the locked seller filter on the dashboard as Metabase stored it."""
    problems = []
    parameters = dashboard.get("parameters") or []
    if [p.get("id") for p in parameters] != [TENANT_PARAMETER_ID]:
        problems.append(f"the dashboard's filters are {[p.get('slug') for p in parameters]}")
    if dashboard.get("enable_embedding") is not True:
        problems.append("embedding is not enabled on the dashboard")
    if dashboard.get("embedding_params") != LOCKED_EMBEDDING_PARAMS:
        problems.append(f"its embedding parameters are {dashboard.get('embedding_params')}")
    for dashcard in dashboard.get("dashcards") or []:
        card_id = dashcard.get("card_id")
        if card_id is None:
            continue  # a text or heading card runs no query
        name = (dashcard.get("card") or {}).get("name") or f"card {card_id}"
        if not _wired_to_tenant(dashcard):
            problems.append(f"{name!r} (dashcard {dashcard.get('id')}) is not wired to it")
            continue
        card = client.call("GET", f"/api/card/{card_id}")
        tag = ((card.get("dataset_query") or {}).get("native") or {}).get("template-tags", {})
        if (tag.get(TENANT_TAG) or {}).get("required") is not True:
            problems.append(f"{name!r} does not require the {TENANT_TAG} variable")
    return problems


def verify_dashboard(client: MetabaseClient, report: ProvisionReport, dashboard_id: int) -> None:
    """Fail unless every card of the stored dashboard runs filtered by the locked seller."""
    dashboard = client.call("GET", f"/api/dashboard/{dashboard_id}")
    problems = _unwired_cards(client, dashboard)
    if problems:
        raise MetabaseError(
            f"the {DASHBOARD_NAME!r} dashboard (id {dashboard_id}) would show other sellers' "
            "rows: every card must be wired to the locked tenant_id filter, but "
            + "; ".join(problems)
        )
    wired = sum(1 for dc in dashboard.get("dashcards") or [] if dc.get("card_id") is not None)
    report.add("checked", "dashboard", f"{wired} cards locked to the seller", dashboard_id)


def provision(settings: Settings, *, wait_seconds: float = 0) -> ProvisionReport:
    """Set Metabase up for the embedded seller dashboard; safe to run again."""
    url = metabase_url(settings)
    if wait_seconds > 0:
        wait_until_ready(url, wait_seconds)
    report = ProvisionReport()
    properties = session_properties(url)
    version: MetabaseVersion = server_version(properties)
    report.version = version.tag
    _set_up_fresh_instance(settings, properties, report)
    client = connect(settings)
    _ensure_setting(client, report, version.embedding_setting, True, "true")
    secret = settings.metabase_embed_secret.get_secret_value()
    _ensure_setting(client, report, "embedding-secret-key", secret, "MI_METABASE_EMBED_SECRET")
    database_id = _ensure_database(client, settings, report)
    collection_id = _ensure_collection(client, report)
    card_ids = _ensure_cards(client, report, database_id, collection_id)
    report.dashboard_id = _ensure_dashboard(client, report, collection_id, card_ids)
    verify_dashboard(client, report, report.dashboard_id)
    return report
