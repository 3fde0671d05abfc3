"""A small Metabase for tests: the documented REST endpoints provisioning and embedding
use, with Metabase's request and response shapes, kept state and its validation rules.

Speaks the API of v0.50 and of the current releases (`version=`, one of VERSIONS): the
version is answered in /api/session/properties, and from v0.51 static (guest) embedding is
turned on by `enable-embedding-static` (v0.50: `enable-embedding`); a setting the version
does not have is refused. Implemented (Metabase API reference):

    GET  /api/health                          {"status": "ok"}
    GET  /api/session/properties              public settings incl. setup-token, has-user-setup
    POST /api/setup                           first admin with the setup token → {"id": session}
    POST /api/session                         {"username", "password"} → {"id": session}
    GET  /api/user/current
    GET/PUT /api/setting/:key                 {"value": …}; PUT answers 204
    GET/POST /api/database, GET/PUT /api/database/:id, POST /api/database/:id/sync_schema
    GET/POST /api/collection, GET /api/collection/:id/items?models=card|dashboard
    POST /api/card, GET/PUT /api/card/:id
    POST /api/dashboard, GET/PUT /api/dashboard/:id   (PUT takes `dashcards`, new ones with
                                                       negative ids, replacing the list)
    GET  /api/embed/dashboard/:token          checks the JWT as static embedding does

Every endpoint but health, session properties, setup, login and embed needs a live
`X-Metabase-Session` header (401 "Unauthenticated" otherwise). Every request is recorded
in `server.requests`.
"""

from __future__ import annotations

import contextlib
import json
import re
import string
import threading
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt

OBFUSCATED_PASSWORD = "**MetabasePass**"
SECRET_KEY_ERROR = (
    "Invalid embedding-secret-key! Secret key must be a hexadecimal-encoded 256-bit key "
    "(i.e., a 64-character string)."
)
TEMPLATE_TAG = re.compile(r"{{\s*([A-Za-z0-9_.]+)\s*}}")
V050, CURRENT = "v0.50.36", "v0.60.1"
VERSIONS = (V050, CURRENT)
PUBLIC_PATHS = {"/api/health", "/api/session/properties", "/api/setup", "/api/session"}


class ApiError(Exception):
    def __init__(self, status: int, body: Any) -> None:
        super().__init__(status, body)
        self.status, self.body = status, body


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    session: str | None


class FakeMetabase:
    def __init__(
        self,
        admin_email: str = "admin@example.com",
        admin_password: str = "mi-dev-password-1",
        *,
        set_up: bool = True,
        version: str = V050,
    ) -> None:
        self.version = version
        self.embedding_setting = (
            "enable-embedding" if version == V050 else "enable-embedding-static"
        )
        # A card whose name is here keeps no parameter mappings, whatever the PUT says (as
        # Metabase drops mappings it finds invalid): what provisioning's check must catch.
        self.drops_mappings_of: set[str] = set()
        self.requests: list[RecordedRequest] = []
        self.sessions: dict[str, str] = {}
        self.users: dict[str, dict[str, Any]] = {}
        self.setup_token = str(uuid.uuid4())
        self.settings: dict[str, Any] = {
            self.embedding_setting: False,
            "embedding-secret-key": None,
        }
        if version != V050:
            self.settings |= {"enable-embedding-interactive": False, "enable-embedding-sdk": False}
        self.databases: dict[int, dict[str, Any]] = {}
        self.collections: dict[int, dict[str, Any]] = {}
        self.cards: dict[int, dict[str, Any]] = {}
        self.dashboards: dict[int, dict[str, Any]] = {}
        self.synced: list[int] = []
        self._ids: dict[str, int] = {}
        self._lock = threading.RLock()
        if set_up:
            self._create_user(admin_email, admin_password, "Ada", "Admin")
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FakeMetabase:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    # ------------------------------------------------------------------ test helpers

    def writes(self) -> list[RecordedRequest]:
        """Requests that change state (a login is not one)."""
        return [
            r
            for r in self.requests
            if r.method in ("POST", "PUT", "DELETE") and r.path not in ("/api/session",)
        ]

    def clear_requests(self) -> None:
        with self._lock:
            self.requests.clear()

    def expire_sessions(self) -> None:
        with self._lock:
            self.sessions.clear()

    # ------------------------------------------------------------------ state

    def _next_id(self, table: str) -> int:
        self._ids[table] = self._ids.get(table, 0) + 1
        return self._ids[table]

    def _create_user(self, email: str, password: str, first: str, last: str) -> dict[str, Any]:
        user = {
            "id": self._next_id("user"),
            "email": email,
            "first_name": first,
            "last_name": last,
            "is_superuser": True,
        }
        self.users[email] = {**user, "password": password}
        personal = self._next_id("collection")
        self.collections[personal] = {
            "id": personal,
            "name": f"{first} {last}'s Personal Collection",
            "personal_owner_id": user["id"],
            "archived": False,
            "location": "/",
        }
        return user

    def _new_session(self, email: str) -> str:
        session = str(uuid.uuid4())
        self.sessions[session] = email
        return session

    # ------------------------------------------------------------------ dispatch

    def handle(self, method: str, raw_path: str, headers: Any, body: Any) -> tuple[int, Any]:
        parts = urlsplit(raw_path)
        path = parts.path.rstrip("/") or "/"
        query = parse_qs(parts.query)
        session = headers.get("X-Metabase-Session")
        with self._lock:
            self.requests.append(RecordedRequest(method, path, query, body, session))
            if (
                path not in PUBLIC_PATHS
                and not path.startswith("/api/embed/")
                and session not in self.sessions
            ):
                return 401, "Unauthenticated"
            for pattern_method, pattern, action in _ROUTES:
                match = re.fullmatch(pattern, path)
                if match and pattern_method == method:
                    try:
                        return action(self, *match.groups(), query=query, body=body)
                    except ApiError as err:
                        return err.status, err.body
            return 404, "API endpoint does not exist."

    # ------------------------------------------------------------------ session & setup

    def health(self, **_: Any) -> tuple[int, Any]:
        return 200, {"status": "ok"}

    def session_properties(self, **_: Any) -> tuple[int, Any]:
        return 200, {
            "setup-token": self.setup_token,
            "has-user-setup": bool(self.users),
            "version": {"tag": self.version, "date": "2026-01-01", "hash": "0000000"},
            self.embedding_setting: self.settings[self.embedding_setting],
        }

    def setup(self, *, body: Any, **_: Any) -> tuple[int, Any]:
        if self.users:
            raise ApiError(
                403,
                "The /api/setup route can only be used to create the first user, however "
                "a user currently exists.",
            )
        if body.get("token") != self.setup_token:
            raise ApiError(400, {"errors": {"token": "Token does not match the setup token."}})
        user = body.get("user") or {}
        site_name = (body.get("prefs") or {}).get("site_name")
        if not site_name:
            raise ApiError(400, {"errors": {"site_name": "value must be a non-blank string."}})
        _check_password(user.get("password"))
        if "@" not in str(user.get("email")):
            raise ApiError(400, {"errors": {"email": "value must be a valid email address."}})
        self._create_user(user["email"], user["password"], user.get("first_name"), "")
        return 200, {"id": self._new_session(user["email"])}

    def login(self, *, body: Any, **_: Any) -> tuple[int, Any]:
        for key in ("username", "password"):
            if not isinstance(body.get(key), str) or not body[key].strip():
                raise ApiError(400, {"errors": {key: "value must be a non-blank string."}})
        user = self.users.get(body["username"])
        if user is None:
            raise ApiError(401, {"errors": {"username": "did not match stored password"}})
        if user["password"] != body["password"]:
            raise ApiError(401, {"errors": {"password": "did not match stored password"}})
        return 200, {"id": self._new_session(body["username"])}

    def current_user(self, **_: Any) -> tuple[int, Any]:
        user = dict(self.users[self.sessions[self.requests[-1].session]])
        user.pop("password")
        return 200, user

    # ------------------------------------------------------------------ settings

    def _known_setting(self, key: str) -> None:
        if key not in self.settings:
            raise ApiError(404, {"message": f"Unknown setting: :{key}"})

    def get_setting(self, key: str, **_: Any) -> tuple[int, Any]:
        self._known_setting(key)
        return 200, self.settings.get(key)

    def put_setting(self, key: str, *, body: Any, **_: Any) -> tuple[int, Any]:
        if not isinstance(body, dict) or "value" not in body:
            raise ApiError(400, {"errors": {"value": "value is required"}})
        value = body["value"]
        self._known_setting(key)
        if key == "embedding-secret-key" and not _is_hex_key(value):
            raise ApiError(400, {"message": SECRET_KEY_ERROR})
        self.settings[key] = value
        return 204, None

    # ------------------------------------------------------------------ databases

    def _public_database(self, db: dict[str, Any]) -> dict[str, Any]:
        details = dict(db["details"])
        if details.get("password"):
            details["password"] = OBFUSCATED_PASSWORD
        return {**db, "details": details}

    def list_databases(self, **_: Any) -> tuple[int, Any]:
        data = [self._public_database(db) for db in self.databases.values()]
        return 200, {"data": data, "total": len(data)}

    def create_database(self, *, body: Any, **_: Any) -> tuple[int, Any]:
        for key in ("engine", "name", "details"):
            if not body.get(key):
                raise ApiError(400, {"errors": {key: "value must be a non-blank string."}})
        if body["engine"] != "postgres":
            raise ApiError(400, {"errors": {"engine": "value must be a valid database engine."}})
        details = body["details"]
        for key in ("host", "port", "dbname", "user"):
            if not details.get(key):
                raise ApiError(400, {"message": f"Connection details need {key}"})
        database_id = self._next_id("database")
        self.databases[database_id] = {
            "id": database_id,
            "name": body["name"],
            "engine": body["engine"],
            "details": dict(details),
            "is_full_sync": body.get("is_full_sync", True),
        }
        return 200, self._public_database(self.databases[database_id])

    def _database(self, database_id: str) -> dict[str, Any]:
        db = self.databases.get(int(database_id))
        if db is None:
            raise ApiError(404, "Not found.")
        return db

    def get_database(self, database_id: str, **_: Any) -> tuple[int, Any]:
        return 200, self._public_database(self._database(database_id))

    def update_database(self, database_id: str, *, body: Any, **_: Any) -> tuple[int, Any]:
        db = self._database(database_id)
        if "details" in body:
            details = dict(body["details"])
            if details.get("password") == OBFUSCATED_PASSWORD:  # Metabase keeps the old one
                details["password"] = db["details"].get("password")
            db["details"] = details
        for key in ("name", "engine"):
            if key in body:
                db[key] = body[key]
        return 200, self._public_database(db)

    def sync_schema(self, database_id: str, **_: Any) -> tuple[int, Any]:
        self._database(database_id)
        self.synced.append(int(database_id))
        return 200, {"status": "ok"}

    # ------------------------------------------------------------------ collections

    def list_collections(self, **_: Any) -> tuple[int, Any]:
        root = {"id": "root", "name": "Our analytics", "can_write": True}
        return 200, [root, *self.collections.values()]

    def create_collection(self, *, body: Any, **_: Any) -> tuple[int, Any]:
        if not body.get("name"):
            raise ApiError(400, {"errors": {"name": "value must be a non-blank string."}})
        parent = body.get("parent_id")
        if parent is not None and parent not in self.collections:
            raise ApiError(404, "Not found.")
        collection_id = self._next_id("collection")
        self.collections[collection_id] = {
            "id": collection_id,
            "name": body["name"],
            "description": body.get("description"),
            "personal_owner_id": None,
            "archived": False,
            "location": "/" if parent is None else f"/{parent}/",
        }
        return 200, self.collections[collection_id]

    def collection_items(self, collection_id: str, *, query: Any, **_: Any) -> tuple[int, Any]:
        if int(collection_id) not in self.collections:
            raise ApiError(404, "Not found.")
        models = query.get("models") or ["card", "dashboard"]
        items = []
        for model, table in (("card", self.cards), ("dashboard", self.dashboards)):
            if model not in models:
                continue
            items += [
                {"id": obj["id"], "name": obj["name"], "model": model}
                for obj in table.values()
                if obj["collection_id"] == int(collection_id) and not obj["archived"]
            ]
        return 200, {"data": items, "total": len(items), "models": models}

    # ------------------------------------------------------------------ cards

    def _validate_card(self, card: dict[str, Any]) -> None:
        query = card["dataset_query"]
        if query.get("type") != "native":
            raise ApiError(400, {"message": "only native questions are supported by this fake"})
        if int(query.get("database") or 0) not in self.databases:
            raise ApiError(400, {"message": "Invalid Database ID"})
        native = query.get("native") or {}
        tags = native.get("template-tags") or {}
        for name in TEMPLATE_TAG.findall(native.get("query") or ""):
            if name not in tags:
                raise ApiError(400, {"message": f"Missing template tag {name}"})
        for name, tag in tags.items():
            if tag.get("name") != name or not tag.get("id") or not tag.get("display-name"):
                raise ApiError(400, {"message": f"Invalid template tag {name}"})
            if tag.get("type") not in ("text", "number", "date", "dimension"):
                raise ApiError(400, {"message": f"Invalid type of template tag {name}"})
        if card.get("collection_id") is not None and card["collection_id"] not in self.collections:
            raise ApiError(404, "Not found.")

    def create_card(self, *, body: Any, **_: Any) -> tuple[int, Any]:
        for key in ("name", "display", "dataset_query"):
            if not body.get(key):
                raise ApiError(400, {"errors": {key: "value must be a non-blank string."}})
        if not isinstance(body.get("visualization_settings"), dict):
            raise ApiError(400, {"errors": {"visualization_settings": "value must be a map."}})
        card = {
            "description": None,
            "collection_id": None,
            **body,
            "id": self._next_id("card"),
            "archived": False,
            "query_type": "native",
            "enable_embedding": False,
            "embedding_params": None,
        }
        self._validate_card(card)
        self.cards[card["id"]] = card
        return 200, card

    def _card(self, card_id: str | int) -> dict[str, Any]:
        card = self.cards.get(int(card_id))
        if card is None:
            raise ApiError(404, "Not found.")
        return card

    def get_card(self, card_id: str, **_: Any) -> tuple[int, Any]:
        return 200, self._card(card_id)

    def update_card(self, card_id: str, *, body: Any, **_: Any) -> tuple[int, Any]:
        card = {**self._card(card_id), **body, "id": int(card_id)}
        self._validate_card(card)
        self.cards[int(card_id)] = card
        return 200, card

    # ------------------------------------------------------------------ dashboards

    def create_dashboard(self, *, body: Any, **_: Any) -> tuple[int, Any]:
        if not body.get("name"):
            raise ApiError(400, {"errors": {"name": "value must be a non-blank string."}})
        collection_id = body.get("collection_id")
        if collection_id is not None and collection_id not in self.collections:
            raise ApiError(404, "Not found.")
        parameters = body.get("parameters") or []
        _validate_parameters(parameters)
        dashboard = {
            "id": self._next_id("dashboard"),
            "name": body["name"],
            "description": body.get("description"),
            "collection_id": collection_id,
            "parameters": parameters,
            "dashcards": [],
            "tabs": [],
            "archived": False,
            "enable_embedding": False,
            "embedding_params": None,
        }
        self.dashboards[dashboard["id"]] = dashboard
        return 200, {key: value for key, value in dashboard.items() if key != "dashcards"}

    def _dashboard(self, dashboard_id: str | int) -> dict[str, Any]:
        dashboard = self.dashboards.get(int(dashboard_id))
        if dashboard is None:
            raise ApiError(404, "Not found.")
        return dashboard

    def _hydrated(self, dashboard: dict[str, Any]) -> dict[str, Any]:
        dashcards = [
            {**dc, "card": self.cards.get(dc["card_id"]) if dc["card_id"] else None}
            for dc in dashboard["dashcards"]
        ]
        return {**dashboard, "dashcards": dashcards}

    def get_dashboard(self, dashboard_id: str, **_: Any) -> tuple[int, Any]:
        return 200, self._hydrated(self._dashboard(dashboard_id))

    def update_dashboard(self, dashboard_id: str, *, body: Any, **_: Any) -> tuple[int, Any]:
        dashboard = self._dashboard(dashboard_id)
        updated = dict(dashboard)
        for key in ("name", "description", "collection_id", "archived", "parameters"):
            if key in body:
                updated[key] = body[key]
        _validate_parameters(updated["parameters"])
        if "enable_embedding" in body or "embedding_params" in body:
            if not self.settings[self.embedding_setting]:
                raise ApiError(400, {"message": "Embedding is not enabled."})
            for key in ("enable_embedding", "embedding_params"):
                updated[key] = body.get(key, dashboard[key])
        if "dashcards" in body:
            updated["dashcards"] = self._replace_dashcards(dashboard, body["dashcards"])
        slugs = {parameter["slug"] for parameter in updated["parameters"]}
        for slug, mode in (updated["embedding_params"] or {}).items():
            if slug not in slugs or mode not in ("enabled", "disabled", "locked"):
                raise ApiError(400, {"message": f"Invalid embedding_params {slug}: {mode}"})
        self._validate_mappings(updated)
        self.dashboards[int(dashboard_id)] = updated
        return 200, self._hydrated(updated)

    def _replace_dashcards(
        self, dashboard: dict[str, Any], dashcards: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        existing = {dc["id"] for dc in dashboard["dashcards"]}
        stored = []
        for dashcard in dashcards:
            for key in ("id", "row", "col", "size_x", "size_y"):
                if not isinstance(dashcard.get(key), int):
                    raise ApiError(400, {"errors": {"dashcards": f"{key} must be an integer"}})
            dashcard_id = dashcard["id"]
            if dashcard_id >= 0 and dashcard_id not in existing:
                raise ApiError(404, "Not found.")
            mappings = dashcard.get("parameter_mappings") or []
            card_id = dashcard.get("card_id")
            if card_id is not None and self._card(card_id)["name"] in self.drops_mappings_of:
                mappings = []
            stored.append(
                {
                    "visualization_settings": {},
                    "series": [],
                    **dashcard,
                    "parameter_mappings": mappings,
                    "id": self._next_id("dashcard") if dashcard_id < 0 else dashcard_id,
                    "dashboard_id": dashboard["id"],
                }
            )
        return stored

    def _validate_mappings(self, dashboard: dict[str, Any]) -> None:
        parameter_ids = {parameter["id"] for parameter in dashboard["parameters"]}
        for dashcard in dashboard["dashcards"]:
            for mapping in dashcard["parameter_mappings"]:
                if mapping.get("parameter_id") not in parameter_ids:
                    raise ApiError(400, {"message": "Invalid parameter_mappings: no such filter"})
                if mapping.get("card_id") != dashcard["card_id"]:
                    raise ApiError(400, {"message": "Invalid parameter_mappings: card_id"})
                target = mapping.get("target")
                card = self._card(dashcard["card_id"])
                tags = card["dataset_query"]["native"].get("template-tags") or {}
                if (
                    not isinstance(target, list)
                    or target[0] != "variable"
                    or target[1][0] != "template-tag"
                    or target[1][1] not in tags
                ):
                    raise ApiError(400, {"message": f"Invalid parameter mapping target {target}"})

    # ------------------------------------------------------------------ static embedding

    def embed_dashboard(self, token: str, **_: Any) -> tuple[int, Any]:
        secret = self.settings["embedding-secret-key"]
        if not secret:
            raise ApiError(400, "The embedding secret key has not been set.")
        try:
            claims = jwt.decode(token, secret, algorithms=["HS256"])
        except jwt.ExpiredSignatureError:
            raise ApiError(400, "Token is expired.") from None
        except jwt.InvalidTokenError:
            raise ApiError(400, "Message seems corrupt or manipulated") from None
        dashboard = self._dashboard((claims.get("resource") or {}).get("dashboard") or 0)
        if not self.settings[self.embedding_setting] or not dashboard["enable_embedding"]:
            raise ApiError(400, "Embedding is not enabled for this object.")
        modes = dashboard["embedding_params"] or {}
        params = claims.get("params") or {}
        for slug, mode in modes.items():
            if mode == "locked" and params.get(slug) in (None, "", []):
                raise ApiError(400, f"You must specify a value for :{slug} in the JWT.")
        for slug in params:
            if modes.get(slug, "disabled") != "locked":
                raise ApiError(400, f"You're not allowed to specify a value for {slug}.")
        editable = [p for p in dashboard["parameters"] if modes.get(p["slug"]) == "enabled"]
        return 200, {
            "id": dashboard["id"],
            "name": dashboard["name"],
            "parameters": editable,
            "locked_params": params,
            "dashcards": [dc["card_id"] for dc in dashboard["dashcards"]],
        }


def _is_hex_key(value: Any) -> bool:
    if value is None:  # clears the key
        return True
    return isinstance(value, str) and len(value) == 64 and all(c in string.hexdigits for c in value)


def _check_password(password: Any) -> None:
    # Metabase's default ("normal") complexity: at least 6 characters, one of them a digit.
    if not isinstance(password, str) or len(password) < 6 or not any(c.isdigit() for c in password):
        raise ApiError(400, {"errors": {"password": "password is too common."}})


def _validate_parameters(parameters: list[dict[str, Any]]) -> None:
    for parameter in parameters:
        if not all(parameter.get(key) for key in ("id", "name", "slug", "type")):
            raise ApiError(400, {"errors": {"parameters": "invalid parameter"}})


_ID = r"(\d+)"
_ROUTES = [
    ("GET", r"/api/health", FakeMetabase.health),
    ("GET", r"/api/session/properties", FakeMetabase.session_properties),
    ("POST", r"/api/setup", FakeMetabase.setup),
    ("POST", r"/api/session", FakeMetabase.login),
    ("GET", r"/api/user/current", FakeMetabase.current_user),
    ("GET", r"/api/setting/([a-z0-9-]+)", FakeMetabase.get_setting),
    ("PUT", r"/api/setting/([a-z0-9-]+)", FakeMetabase.put_setting),
    ("GET", r"/api/database", FakeMetabase.list_databases),
    ("POST", r"/api/database", FakeMetabase.create_database),
    ("GET", rf"/api/database/{_ID}", FakeMetabase.get_database),
    ("PUT", rf"/api/database/{_ID}", FakeMetabase.update_database),
    ("POST", rf"/api/database/{_ID}/sync_schema", FakeMetabase.sync_schema),
    ("GET", r"/api/collection", FakeMetabase.list_collections),
    ("POST", r"/api/collection", FakeMetabase.create_collection),
    ("GET", rf"/api/collection/{_ID}/items", FakeMetabase.collection_items),
    ("POST", r"/api/card", FakeMetabase.create_card),
    ("GET", rf"/api/card/{_ID}", FakeMetabase.get_card),
    ("PUT", rf"/api/card/{_ID}", FakeMetabase.update_card),
    ("POST", r"/api/dashboard", FakeMetabase.create_dashboard),
    ("GET", rf"/api/dashboard/{_ID}", FakeMetabase.get_dashboard),
    ("PUT", rf"/api/dashboard/{_ID}", FakeMetabase.update_dashboard),
    ("GET", r"/api/embed/dashboard/([^/]+)", FakeMetabase.embed_dashboard),
]


def _handler_for(server: FakeMetabase) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass  # keep test output clean

        def _serve(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else {}
            except ValueError:
                return self._send(400, "Malformed JSON")
            status, payload = server.handle(self.command, self.path, self.headers, body)
            self._send(status, payload)

        do_GET = do_POST = do_PUT = do_DELETE = _serve

        def _send(self, status: int, payload: Any) -> None:
            if status == 204:
                data, kind = b"", "application/json"
            elif isinstance(payload, str) and status >= 400:
                data, kind = payload.encode(), "text/plain"
            else:
                data, kind = json.dumps(payload).encode(), "application/json"
            self.send_response(status)
            self.send_header("content-type", kind)
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(data)

    return Handler
