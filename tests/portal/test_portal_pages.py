"""Server-rendered pages through the ASGI app: CSRF on form posts, safe redirects after
login, and answers that do not tell who has an account. (Whole journeys run in real
Chromium in tests/browser.)"""

from __future__ import annotations

import pytest

from tests.portal_helpers import (
    PASSWORD,
    create_seller,
    form_token,
    login,
    page_login,
    portal_client,
)


@pytest.fixture
def client(settings, smtp):
    with portal_client(settings, smtp) as test_client:
        yield test_client


def test_login_form_needs_the_csrf_token(client):
    seller = create_seller()
    form = {"username": seller.email, "password": PASSWORD}
    token = form_token(client)

    forged = client.post("/login", data=form, follow_redirects=False)
    genuine = client.post("/login", data={**form, "csrftoken": token}, follow_redirects=False)

    assert forged.status_code == 403
    assert "mi_session" not in forged.headers.get("set-cookie", "")
    assert genuine.status_code == 303
    assert genuine.headers["location"] == "/dashboard"
    assert "mi_session=" in genuine.headers["set-cookie"]


def test_page_forms_are_checked_even_without_cookies(client):
    """Login CSRF: a cross-site post must not sign a cookie-less visitor in."""
    seller = create_seller()
    assert not client.cookies

    response = client.post(
        "/login", data={"username": seller.email, "password": PASSWORD}, follow_redirects=False
    )

    assert response.status_code == 403
    assert "mi_session" not in response.headers.get("set-cookie", "")


def test_login_never_redirects_to_another_site(client):
    seller = create_seller()
    form = {"username": seller.email, "password": PASSWORD, "csrftoken": form_token(client)}

    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        response = client.post("/login", data={**form, "next": target}, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/dashboard"
        client.cookies.delete("mi_session")


def test_cookie_session_api_calls_need_the_header_bearer_calls_do_not(client):
    seller = create_seller()
    bearer_headers = login(client, seller.email)  # before the browser session exists
    token = form_token(client)
    client.post(
        "/login",
        data={"username": seller.email, "password": PASSWORD, "csrftoken": token},
        follow_redirects=False,
    )
    missing = "00000000-0000-0000-0000-000000000000"

    without = client.delete(f"/api/uploads/{missing}")
    with_header = client.delete(f"/api/uploads/{missing}", headers={"x-csrftoken": token})
    bearer = client.delete(f"/api/uploads/{missing}", headers=bearer_headers)

    assert without.status_code == 403
    assert "Reload the page" in without.json()["detail"]
    assert with_header.status_code == 404  # past CSRF, and not this seller's upload
    assert bearer.status_code == 404


def test_forgot_password_answers_the_same_for_unknown_addresses(client, smtp):
    seller = create_seller()
    token = form_token(client)

    known = client.post("/forgot-password", data={"email": seller.email, "csrftoken": token})
    unknown = client.post(
        "/forgot-password", data={"email": "nobody-here@example.com", "csrftoken": token}
    )

    assert known.status_code == unknown.status_code == 200
    assert "If an account uses that address" in known.text
    assert known.text.replace(seller.email, "") == unknown.text.replace(
        "nobody-here@example.com", ""
    )


def test_register_with_a_taken_address_looks_like_a_new_one(client):
    seller = create_seller()
    form = {
        "email": seller.email,
        "password": "another-long-password",
        "password_confirm": "another-long-password",
        "csrftoken": form_token(client),
    }

    taken = client.post("/register", data=form, follow_redirects=False)
    fresh = client.post(
        "/register", data={**form, "email": "brand-new-seller@example.com"},
        follow_redirects=False,
    )  # fmt: skip

    assert taken.status_code == fresh.status_code == 303
    assert taken.headers["location"] == fresh.headers["location"] == "/login?notice=registered"


def test_weak_password_is_explained_on_the_page(client):
    response = client.post(
        "/register",
        data={
            "email": "short-password@example.com",
            "password": "short",
            "password_confirm": "short",
            "csrftoken": form_token(client),
        },
    )

    assert response.status_code == 400
    assert "at least 10 characters" in response.text


def change_password_form(client, current: str, new: str):
    return client.post(
        "/account/password",
        data={
            "current_password": current,
            "password": new,
            "password_confirm": new,
            "csrftoken": form_token(client),
        },
        follow_redirects=False,
    )


def test_password_change_page_ends_bearer_tokens_but_keeps_this_session(client):
    """The page and PATCH /users/me share one service: the same checks, the same revocation."""
    seller = create_seller()
    bearer = login(client, seller.email)
    page_login(client, seller.email)

    wrong = change_password_form(client, "not-my-password", "a-new-password-42")
    weak = change_password_form(client, PASSWORD, "qwertyuiop")
    changed = change_password_form(client, PASSWORD, "a-new-password-42")

    assert wrong.status_code == weak.status_code == 400
    assert "Your current password is not correct." in wrong.text
    assert "too easy to guess" in weak.text
    assert changed.status_code == 303
    assert changed.headers["location"] == "/account?notice=password-changed"
    assert client.get("/account", follow_redirects=False).status_code == 200
    client.cookies.clear()
    assert client.get("/users/me", headers=bearer).status_code == 401
    login(client, seller.email, "a-new-password-42")


def test_register_page_tells_the_owner_of_a_taken_address(client, smtp):
    seller = create_seller()
    form = {
        "email": seller.email,
        "password": "another-long-password",
        "password_confirm": "another-long-password",
        "csrftoken": form_token(client),
    }

    taken = client.post("/register", data=form, follow_redirects=False)

    assert taken.status_code == 303
    [notice] = smtp.messages_to(seller.email)
    assert notice["Subject"] == "Someone tried to register with your address"
