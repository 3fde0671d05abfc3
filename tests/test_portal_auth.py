"""Accounts through the real API: registration by email, both logins, password rules,
password reset, throttling, account deletion."""

from __future__ import annotations

import pytest

from tests.portal_helpers import (
    PASSWORD,
    create_seller,
    csrf_headers,
    login,
    mail_token,
    new_email,
    portal_client,
    upload_file,
)


@pytest.fixture
def client(settings, smtp):
    with portal_client(settings, smtp) as test_client:
        yield test_client


def register(client, email: str, password: str = PASSWORD):
    return client.post("/auth/register", json={"email": email, "password": password})


def test_register_verify_login_and_upload(client, smtp, tmp_path):
    from mi_core.sales_report import write_report

    email = new_email()
    response = register(client, email)
    assert response.status_code == 201, response.text
    assert response.json()["is_verified"] is False
    token = mail_token(smtp, email)

    headers = login(client, email)
    report = write_report(tmp_path / "report.csv", 5, seed=1)
    refused = upload_file(client, headers, report)
    assert refused.status_code == 403
    assert "confirm your email" in refused.json()["detail"]

    verified = client.post("/auth/verify", json={"token": token})
    assert verified.status_code == 200, verified.text
    assert verified.json()["is_verified"] is True
    me = client.get("/users/me", headers=headers)
    assert me.json()["email"] == email
    assert me.json()["is_verified"] is True
    accepted = upload_file(client, headers, report)
    assert accepted.status_code == 202, accepted.text


def test_request_verify_token_sends_a_new_working_link(client, smtp):
    email = new_email()
    register(client, email)
    sent_before = len(smtp.messages_to(email))

    response = client.post("/auth/request-verify-token", json={"email": email})

    assert response.status_code == 202
    assert len(smtp.messages_to(email)) == sent_before + 1
    assert client.post("/auth/verify", json={"token": mail_token(smtp, email)}).status_code == 200


def test_passwords_are_hashed_with_argon2(engine):
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from mi_core.models import User

    seller = create_seller()
    with Session(engine) as session:
        hashed = session.scalar(select(User.hashed_password).where(User.id == seller.id))
    assert hashed.startswith("$argon2")


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short-pw", "at least 10 characters"),
        ("{email}-and-more", "should not contain the email"),
        ("1234567890", "too easy to guess"),
        ("qwertyuiop", "too easy to guess"),
        ("password12", "too easy to guess"),
    ],
)
def test_password_policy_on_registration(client, password, reason):
    email = new_email()

    response = register(client, email, password.format(email=email))

    assert response.status_code == 400
    assert response.json()["detail"]["code"] == "REGISTER_INVALID_PASSWORD"
    assert reason in response.json()["detail"]["reason"]


def test_password_change_through_patch_me(client):
    seller = create_seller()
    headers = login(client, seller.email)

    weak = client.patch("/users/me", headers=headers, json={"password": "tiny"})
    changed = client.patch("/users/me", headers=headers, json={"password": "a-new-password-42"})

    assert weak.status_code == 400
    assert changed.status_code == 200
    login(client, seller.email, "a-new-password-42")


def test_cookie_login_is_a_revocable_server_side_session(client):
    seller = create_seller()

    response = client.post(
        "/auth/cookie/login", data={"username": seller.email, "password": PASSWORD}
    )

    assert response.status_code == 204, response.text
    cookie_header = response.headers["set-cookie"].lower()
    assert "httponly" in cookie_header
    assert "secure" in cookie_header
    assert "samesite=lax" in cookie_header
    session_token = client.cookies["mi_session"]
    assert client.get("/users/me").json()["id"] == str(seller.id)
    # A cookie-authenticated unsafe request needs the CSRF token, as any page sends it.
    assert client.post("/auth/cookie/logout").status_code == 403
    assert client.post("/auth/cookie/logout", headers=csrf_headers(client)).status_code == 204
    # Replaying the old cookie fails: the token was deleted on the server.
    client.cookies.set("mi_session", session_token)
    assert client.get("/users/me").status_code == 401


def test_forgot_and_reset_password_by_email(client, smtp):
    seller = create_seller()

    response = client.post("/auth/forgot-password", json={"email": seller.email})

    assert response.status_code == 202
    token = mail_token(smtp, seller.email)
    reset = client.post(
        "/auth/reset-password", json={"token": token, "password": "brand-new-password"}
    )
    assert reset.status_code == 200, reset.text
    login(client, seller.email, "brand-new-password")
    old = client.post("/auth/jwt/login", data={"username": seller.email, "password": PASSWORD})
    assert old.status_code == 400


def test_forgot_password_does_not_reveal_unknown_addresses(client, smtp):
    email = new_email()

    response = client.post("/auth/forgot-password", json={"email": email})

    assert response.status_code == 202
    assert smtp.messages_to(email) == []


def test_reset_password_applies_the_password_policy(client, smtp):
    seller = create_seller()
    client.post("/auth/forgot-password", json={"email": seller.email})

    response = client.post(
        "/auth/reset-password", json={"token": mail_token(smtp, seller.email), "password": "short"}
    )

    assert response.status_code == 400


def test_login_errors_are_generic(client):
    seller = create_seller()

    wrong_password = client.post(
        "/auth/jwt/login", data={"username": seller.email, "password": "wrong-password!"}
    )
    unknown = client.post("/auth/jwt/login", data={"username": new_email(), "password": "x" * 12})

    assert wrong_password.status_code == unknown.status_code == 400
    assert wrong_password.json() == unknown.json()


def test_login_attempts_are_rate_limited_per_email(client):
    seller = create_seller()
    bad = {"username": seller.email, "password": "not-the-password"}
    # Successful logins do not count towards the limit.
    for _ in range(6):
        headers = login(client, seller.email)

    statuses = [client.post("/auth/jwt/login", data=bad).status_code for _ in range(5)]
    blocked = client.post("/auth/jwt/login", data={"username": seller.email, "password": PASSWORD})
    other = create_seller()

    assert statuses == [400] * 5
    assert blocked.status_code == 429
    assert "Too many login attempts" in blocked.json()["detail"]
    assert client.get("/api/uploads", headers=headers).status_code == 200
    # The limit is per email: another seller on the same address still gets in.
    login(client, other.email)
    # The cookie login shares the count.
    cookie = client.post("/auth/cookie/login", data=bad)
    assert cookie.status_code == 429


def test_routes_need_a_signed_in_user(client):
    for path in ("/users/me", "/api/uploads", "/api/dashboard/summary", "/api/exports/sales.csv"):
        assert client.get(path).status_code == 401, path
