"""Shared pieces of the portal API tests: an app client wired to a fake SMTP server,
sellers, sign-in and mail tokens."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

from fastapi.testclient import TestClient

from mi_core.models import User
from mi_core.settings import Settings
from tests.fakes.smtp_server import CapturingHandler

PASSWORD = "correct horse battery"

# Outside development the session cookie is `Secure`, so the client speaks https.
BASE_URL = "https://testserver"


class ResponseTimer:
    """ASGI wrapper noting how long each HTTP response took until its last byte was sent:
    what a client waits for. (Background tasks run after that; the TestClient waits for
    them too, so its own wall time would count them.)"""

    def __init__(self, app) -> None:
        self.app = app
        self.seconds: list[float] = []

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()

        async def timed_send(message) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                self.seconds.append(time.perf_counter() - start)

        await self.app(scope, receive, timed_send)


@contextmanager
def portal_client(
    settings: Settings,
    smtp: CapturingHandler | None = None,
    *,
    timer: type[ResponseTimer] | None = None,
    **overrides: object,
) -> Iterator[TestClient]:
    """A client of the real app; settings (SMTP address, limits) replaced for the test.
    With `timer`, the app is wrapped in it (reach it as `client.app`)."""
    from mi_core.settings import get_settings
    from portal.main import app
    from portal.routes.login_limit import login_limiter

    # Login attempts are counted in the database: each client starts with none, so one
    # test's failures never throttle the next (they all come from "testclient").
    login_limiter.reset()
    if smtp is not None:
        overrides = {"smtp_host": smtp.host, "smtp_port": smtp.port, **overrides}
    patched = settings.model_copy(update=overrides)
    app.dependency_overrides[get_settings] = lambda: patched
    try:
        with TestClient(app if timer is None else timer(app), base_url=BASE_URL) as client:
            yield client
    finally:
        app.dependency_overrides.pop(get_settings, None)


def new_email() -> str:
    return f"seller-{uuid.uuid4().hex[:12]}@example.com"


def create_seller(
    password: str = PASSWORD, *, verified: bool = True, plan: str | None = "business"
) -> User:
    """A seller made directly in the database (faster than registering by email), on
    `plan` (a comp, so tests not about limits are not limited; None: the free plan)."""
    from mi_core.db import session_scope
    from mi_core.uploads import create_seller as create
    from tests.pipeline_helpers import give_plan

    with session_scope() as session:
        seller = create(session, new_email(), password)
        seller.is_verified = verified
        session.flush()
        session.expunge(seller)
    if plan is not None:
        give_plan(seller.id, plan)
    return seller


def login(client: TestClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    """Bearer headers for the seller."""
    response = client.post("/auth/jwt/login", data={"username": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def csrf_headers(client: TestClient) -> dict[str, str]:
    """The CSRF header a page's `fetch` sends: the token comes from rendering any page."""
    page = client.get("/forgot-password")
    assert page.status_code == 200, page.text
    return {"x-csrftoken": client.cookies["csrftoken"]}


def mail_token(smtp: CapturingHandler, email: str) -> str:
    """The token in the last mail sent to `email` (from its link)."""
    messages = smtp.messages_to(email)
    assert messages, f"no mail was sent to {email}"
    body = messages[-1].get_content()
    match = re.search(r"[?&]token=([^\s&]+)", body)
    assert match, body
    return unquote(match.group(1))


def upload_file(client: TestClient, headers: dict[str, str], path: Path, name: str | None = None):
    with path.open("rb") as stream:
        return client.post(
            "/api/uploads",
            headers=headers,
            files={"file": (name or path.name, stream, "text/csv")},
        )


def process(instance, seller: User, upload_id: uuid.UUID, *, rerun_of: str | None = None) -> None:
    """Run the upload's Dagster job for real (or re-execute `rerun_of`, the run that had
    it), then record success as the run-status sensor would."""
    from mi_core.db import get_engine
    from mi_core.upload_status import mark_completed
    from tests.pipeline_helpers import run_upload

    assert run_upload(instance, seller, upload_id, rerun_of=rerun_of).success
    mark_completed(get_engine(), upload_id)


def seller_with_processed_sample(settings: Settings) -> tuple[User, uuid.UUID]:
    """A new seller whose upload of the real sample report went through the API and the
    pipeline (module fixtures share it to keep the suite fast)."""
    from dagster import DagsterInstance

    from tests.sample import sample

    seller = create_seller()
    with DagsterInstance.ephemeral() as instance, portal_client(settings) as client:
        response = upload_file(client, login(client, seller.email), sample().path)
        upload_id = uuid.UUID(response.json()["id"])
        process(instance, seller, upload_id)
    return seller, upload_id


def form_token(client) -> str:
    return csrf_headers(client)["x-csrftoken"]


def page_login(client, email: str, password: str = PASSWORD) -> None:
    response = client.post(
        "/login",
        data={"username": email, "password": password, "csrftoken": form_token(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
