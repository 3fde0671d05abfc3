"""CSRF and request-size protection through the real app: login CSRF on the API's
cookie login and registration, the `csrftoken` form field on uploads, bodies the check
cannot read (400/403, never 500), bearer headers that do not verify, and the body limit
outside uploads."""

from __future__ import annotations

import json
import uuid

import pytest

from tests.portal_helpers import (
    PASSWORD,
    create_seller,
    csrf_headers,
    login,
    new_email,
    portal_client,
    upload_file,
)


@pytest.fixture
def client(settings, smtp):
    with portal_client(settings, smtp) as test_client:
        yield test_client


@pytest.fixture
def report(tmp_path):
    from mi_core.sales_report import write_report

    return write_report(tmp_path / "report.csv", 5, seed=1)


def token_of(client) -> str:
    return csrf_headers(client)["x-csrftoken"]


def sign_in_with_cookie(client, seller) -> str:
    """A browser session made through the /login page; returns the page's CSRF token."""
    token = token_of(client)
    response = client.post(
        "/login",
        data={"username": seller.email, "password": PASSWORD, "csrftoken": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert client.cookies.get("mi_session")
    return token


# --- login CSRF on the API routes ---


def test_cookie_login_route_needs_the_token_even_without_cookies(client):
    seller = create_seller()
    form = {"username": seller.email, "password": PASSWORD}
    assert not client.cookies

    forged = client.post("/auth/cookie/login", data=form)

    assert forged.status_code == 403
    assert "mi_session" not in forged.headers.get("set-cookie", "")
    token = token_of(client)
    genuine = client.post("/auth/cookie/login", data={**form, "csrftoken": token})
    assert genuine.status_code == 204, genuine.text
    assert "mi_session=" in genuine.headers["set-cookie"]


def test_bearer_login_needs_no_token_with_or_without_cookies(client):
    seller = create_seller()

    assert login(client, seller.email)
    token_of(client)  # the browser now holds a csrftoken cookie
    assert client.cookies
    assert login(client, seller.email)


def test_register_api_takes_only_json(client):
    """A cross-site form (or a `no-cors` fetch sending no content type) cannot register;
    an API client sending JSON needs no token."""
    email = new_email()
    payload = {"email": email, "password": PASSWORD}

    form = client.post("/auth/register", data=payload)
    untyped = client.post("/auth/register", content=json.dumps(payload).encode())
    plain = client.post(
        "/auth/register", content=json.dumps(payload), headers={"content-type": "text/plain"}
    )

    assert [form.status_code, untyped.status_code, plain.status_code] == [415, 415, 415]
    assert "application/json" in form.json()["detail"]
    assert not client.cookies
    created = client.post("/auth/register", json=payload)
    # Registration answers alike for new and known addresses (no enumeration): 202.
    assert created.status_code == 202, created.text
    from mi_core.db import get_engine
    from tests.pipeline_helpers import scalar

    assert scalar(get_engine(), "select count(*) from users where email = :e", e=email) == 1


# --- the form field on uploads, and bodies that cannot be read ---


def test_upload_form_with_the_token_field_first_is_accepted(client, report):
    seller = create_seller()
    token = sign_in_with_cookie(client, seller)

    with report.open("rb") as stream:
        response = client.post(
            "/api/uploads",
            data={"csrftoken": token},
            files={"file": ("report.csv", stream, "text/csv")},
        )

    assert response.status_code == 202, response.text
    assert response.json()["status"] == "pending"


def multipart(*parts: tuple[str, str | None, bytes], boundary: str = "b0undary") -> bytes:
    lines = []
    for name, filename, value in parts:
        disposition = f'form-data; name="{name}"'
        if filename:
            disposition += f'; filename="{filename}"'
        lines += [f"--{boundary}".encode(), f"Content-Disposition: {disposition}".encode()]
        if filename:
            lines.append(b"Content-Type: text/csv")
        lines += [b"", value]
    lines += [f"--{boundary}--".encode(), b""]
    return b"\r\n".join(lines)


def test_a_file_before_the_token_is_explained(client, report):
    seller = create_seller()
    token = sign_in_with_cookie(client, seller)
    body = multipart(
        ("file", "report.csv", report.read_bytes()), ("csrftoken", None, token.encode())
    )

    response = client.post(
        "/api/uploads",
        content=body,
        headers={"content-type": "multipart/form-data; boundary=b0undary"},
    )

    assert response.status_code == 403
    assert "must come before the file" in response.json()["detail"]


def test_bodies_the_check_cannot_read_get_4xx_never_500(client):
    """The test client re-raises any server error, so a 500 fails the test by itself."""
    seller = create_seller()
    bodies = [
        ("multipart/form-data", multipart(("csrftoken", None, b"x"))),
        ("multipart/form-data; boundary=b0undary", b"not multipart at all"),
        ("multipart/form-data; boundary=b0undary", multipart(("username", None, b"\xff\xfe"))),
        ("application/x-www-form-urlencoded", b"username=\xff\xfe&password=%ff"),
        ("application/x-www-form-urlencoded", b"csrftoken=\xff\xfe"),
        ("text/plain", b"\xff"),
    ]
    for content_type, body in bodies:  # without cookies (the page forms are always checked)
        response = client.post("/login", content=body, headers={"content-type": content_type})
        assert response.status_code == 403, (content_type, body)

    token = sign_in_with_cookie(client, seller)
    for content_type, body in bodies:  # with a session: the body is searched for the token
        for path in ("/login", "/api/uploads"):
            response = client.post(path, content=body, headers={"content-type": content_type})
            assert response.status_code in (400, 403), (path, content_type, body)
    missing_boundary = client.post(
        "/api/uploads", content=bodies[0][1], headers={"content-type": "multipart/form-data"}
    )
    assert missing_boundary.status_code == 400
    assert missing_boundary.json()["detail"] == "The request body could not be read."

    # A valid token next to a value that is not UTF-8: past the check, the page answers.
    latin = client.post(
        "/login",
        content=f"csrftoken={token}&username=\xe9&password=x".encode("latin-1"),
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert latin.status_code < 500


# --- bearer headers ---


def test_a_junk_bearer_next_to_a_session_cookie_exempts_nothing(client, report):
    seller = create_seller()
    sign_in_with_cookie(client, seller)
    junk = {"Authorization": "Bearer xxx"}
    missing = "00000000-0000-0000-0000-000000000000"

    deleted = client.delete(f"/api/uploads/{missing}", headers=junk)
    uploaded = upload_file(client, junk, report)

    assert deleted.status_code == 403
    assert "Reload the page" in deleted.json()["detail"]
    assert uploaded.status_code == 403


def test_a_valid_bearer_acts_as_its_own_seller_not_as_the_session(client, report):
    """Exempt from the token, a bearer request must not borrow the browser's session."""
    owner, other = create_seller(), create_seller()
    other_headers = login(client, other.email)
    sign_in_with_cookie(client, owner)
    upload = upload_file(client, csrf_headers(client), report)
    assert upload.status_code == 202, upload.text

    response = client.delete(f"/api/uploads/{upload.json()['id']}", headers=other_headers)

    assert response.status_code == 404  # the other seller's view: not theirs
    listed = client.get("/api/uploads").json()
    assert [u["id"] for u in listed] == [upload.json()["id"]]


# --- request size ---


def test_a_large_form_is_refused_before_it_is_read(client):
    seller = create_seller()
    big = {"username": seller.email, "password": "x" * (2 * 1024 * 1024)}

    for path in ("/login", "/auth/jwt/login"):
        response = client.post(path, data=big, follow_redirects=False)
        assert response.status_code == 413, path
        assert "1 MB" in response.json()["detail"]


def test_a_large_body_without_a_length_is_cut_off(client):
    seller = create_seller()
    token = sign_in_with_cookie(client, seller)

    def body():  # chunked: no Content-Length to refuse up front
        yield f"csrftoken={token}&username=x&password=".encode()
        for _ in range(40):
            yield b"x" * (64 * 1024)

    for path in ("/login", "/auth/jwt/login"):
        response = client.post(
            path,
            content=body(),
            headers={"content-type": "application/x-www-form-urlencoded"},
            follow_redirects=False,
        )
        assert response.status_code == 413, (path, response.text)


def test_small_requests_and_uploads_over_the_form_limit_still_pass(client, tmp_path):
    from mi_core.sales_report import write_report

    seller = create_seller()
    headers = login(client, seller.email)
    report = write_report(tmp_path / "big.csv", 9000, seed=2)
    assert report.stat().st_size > 1024 * 1024

    response = upload_file(client, headers, report)

    assert response.status_code == 202, response.text
    assert uuid.UUID(response.json()["id"])
