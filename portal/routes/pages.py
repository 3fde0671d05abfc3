"""Account pages a person uses in a browser: landing, register, log in/out, email
verification, forgotten password and the account page.

They drive fastapi-users' user manager and the cookie backend directly, and the account
service (portal/services/account.py) for registration, reset requests and password
changes, so a page gets the same password policy, tokens, emails and revocable sessions as
the JSON API; every form carries the CSRF token (checked by portal/csrf.py before the
route runs).
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request, Response, status
from fastapi.responses import RedirectResponse
from fastapi.security import OAuth2PasswordRequestForm
from fastapi_users import exceptions
from fastapi_users.authentication.strategy.db import DatabaseStrategy

from portal.auth import (
    COOKIE_NAME,
    UserManager,
    cookie_backend,
    get_database_strategy,
    get_user_manager,
)
from portal.deps import OptionalPageUser, PageUser, SessionDep, SettingsDep
from portal.routes.login_limit import LIMIT_MESSAGE, WINDOW_SECONDS, allow_login_attempt
from portal.schemas import UserCreate, UserUpdate
from portal.services import account as account_service
from portal.templating import render

router = APIRouter(include_in_schema=False)

UserManagerDep = Annotated[UserManager, Depends(get_user_manager)]
StrategyDep = Annotated[DatabaseStrategy, Depends(get_database_strategy)]

# Messages shown after a redirect, by code (a query parameter never carries free text).
NOTICES: dict[str, tuple[str, str]] = {
    "registered": (
        "success",
        "Thanks! We sent a confirmation link to your email address. You can log in now.",
    ),
    "verified": ("success", "Your email address is confirmed."),
    "logged-out": ("info", "You are logged out."),
    "password-reset": ("success", "Your password was changed. Log in with the new one."),
    "password-changed": ("success", "Your password was changed. Other sessions were logged out."),
    "verify-sent": ("info", "We sent a new confirmation link to your email address."),
    "deleted": ("info", "Your account and all its data were deleted."),
}
LOGIN_FAILED = "Incorrect email or password."


def notices(request: Request) -> list[tuple[str, str]]:
    notice = NOTICES.get(request.query_params.get("notice", ""))
    return [notice] if notice else []


def safe_next(target: str | None, default: str = "/dashboard") -> str:
    """Only same-site paths: `next` must never send a seller to another site."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=status.HTTP_303_SEE_OTHER)


def _copy_cookies(source: Response, target: Response) -> Response:
    for name, value in source.raw_headers:
        if name == b"set-cookie":
            target.raw_headers.append((name, value))
    return target


# --- landing ---


@router.get("/")
def landing(request: Request, user: OptionalPageUser) -> Response:
    if user is not None:
        return redirect("/dashboard")
    return render(request, "landing.html", {"flashes": notices(request)})


# --- register ---


@router.get("/register")
def register_form(request: Request, user: OptionalPageUser) -> Response:
    if user is not None:
        return redirect("/dashboard")
    return render(request, "register.html", {"email": ""})


@router.post("/register")
async def register(
    request: Request,
    manager: UserManagerDep,
    email: Annotated[str, Form()],
    password: Annotated[str, Form()],
    password_confirm: Annotated[str, Form()],
) -> Response:
    def again(message: str) -> Response:
        context = {"email": email, "flashes": [("error", message)]}
        return render(request, "register.html", context, status.HTTP_400_BAD_REQUEST)

    if password != password_confirm:
        return again("The two passwords are not the same.")
    try:
        new = UserCreate(email=email, password=password)
    except ValueError:
        return again("Please enter a valid email address.")
    try:
        # A taken address answers as a new one: the page must not reveal who has an account.
        await account_service.register(manager, new, request)
    except exceptions.InvalidPasswordException as err:
        return again(f"{err.reason}.")
    return redirect("/login?notice=registered")


# --- log in / log out ---


@router.get("/login")
def login_form(request: Request, user: OptionalPageUser, next: str | None = None) -> Response:
    if user is not None:
        return redirect(safe_next(next))
    context = {"next": safe_next(next), "email": "", "flashes": notices(request)}
    return render(request, "login.html", context)


@router.post("/login")
async def login(
    request: Request,
    manager: UserManagerDep,
    strategy: StrategyDep,
    settings: SettingsDep,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/dashboard",
) -> Response:
    target = safe_next(next)

    def again(message: str, code: int) -> Response:
        context = {"next": target, "email": username, "flashes": [("error", message)]}
        return render(request, "login.html", context, code)

    if not await allow_login_attempt(username, request, settings):
        refused = again(LIMIT_MESSAGE, status.HTTP_429_TOO_MANY_REQUESTS)
        refused.headers["Retry-After"] = str(WINDOW_SECONDS)
        return refused
    credentials = OAuth2PasswordRequestForm(username=username, password=password)
    user = await manager.authenticate(credentials)
    if user is None or not user.is_active:
        return again(LOGIN_FAILED, status.HTTP_400_BAD_REQUEST)
    response = redirect(target)
    _copy_cookies(await cookie_backend.login(strategy, user), response)
    await manager.on_after_login(user, request, response)
    return response


@router.post("/logout")
async def logout(request: Request, user: OptionalPageUser, strategy: StrategyDep) -> Response:
    response = redirect("/login?notice=logged-out")
    token = request.cookies.get(COOKIE_NAME)
    if user is not None and token:
        _copy_cookies(await cookie_backend.logout(strategy, user, token), response)
    else:
        response.delete_cookie(COOKIE_NAME)
    return response


# --- email verification ---


@router.get("/verify")
async def verify(request: Request, manager: UserManagerDep, token: str = "") -> Response:
    """The link in the verification mail lands here and confirms the address at once."""
    try:
        await manager.verify(token, request)
    except exceptions.UserAlreadyVerified:
        pass
    except (exceptions.InvalidVerifyToken, exceptions.UserNotExists):
        return render(
            request,
            "verify.html",
            {
                "flashes": [
                    (
                        "error",
                        "This confirmation link is not valid or has expired. "
                        "Log in and ask for a new one from your account page.",
                    )
                ]
            },
            status.HTTP_400_BAD_REQUEST,
        )
    return redirect("/login?notice=verified")


@router.post("/verify/resend")
async def resend_verification(
    request: Request, user: PageUser, manager: UserManagerDep
) -> Response:
    if not user.is_verified:
        await manager.request_verify(user, request)
    return redirect("/account?notice=verify-sent")


# --- forgotten password ---


@router.get("/forgot-password")
def forgot_password_form(request: Request, user: OptionalPageUser) -> Response:
    return render(request, "forgot_password.html", {"sent": False})


@router.post("/forgot-password")
async def forgot_password(
    request: Request, manager: UserManagerDep, email: Annotated[str, Form()]
) -> Response:
    # The same answer, as fast, either way: no user enumeration.
    await account_service.request_password_reset(manager, email.strip())
    return render(request, "forgot_password.html", {"sent": True})


@router.get("/reset-password")
def reset_password_form(request: Request, token: str = "") -> Response:
    return render(request, "reset_password.html", {"token": token})


@router.post("/reset-password")
async def reset_password(
    request: Request,
    manager: UserManagerDep,
    token: Annotated[str, Form()],
    password: Annotated[str, Form()],
    password_confirm: Annotated[str, Form()],
) -> Response:
    def again(message: str) -> Response:
        context = {"token": token, "flashes": [("error", message)]}
        return render(request, "reset_password.html", context, status.HTTP_400_BAD_REQUEST)

    if password != password_confirm:
        return again("The two passwords are not the same.")
    try:
        await manager.reset_password(token, password, request)
    except exceptions.InvalidPasswordException as err:
        return again(f"{err.reason}.")
    except (
        exceptions.InvalidResetPasswordToken,
        exceptions.UserNotExists,
        exceptions.UserInactive,
    ):
        return again("This reset link is not valid or has expired. Ask for a new one below.")
    return redirect("/login?notice=password-reset")


# --- account ---


@router.get("/account")
def account(request: Request, user: PageUser) -> Response:
    return render(request, "account.html", {"flashes": notices(request)})


@router.post("/account/password")
async def change_password(
    request: Request,
    user: PageUser,
    manager: UserManagerDep,
    current_password: Annotated[str, Form()],
    password: Annotated[str, Form()],
    password_confirm: Annotated[str, Form()],
) -> Response:
    def again(message: str) -> Response:
        return render(
            request, "account.html", {"flashes": [("error", message)]}, status.HTTP_400_BAD_REQUEST
        )

    if password != password_confirm:
        return again("The two new passwords are not the same.")
    try:
        # A changed password ends every other session (a thief's included), not this one.
        await account_service.change_account(
            manager,
            user,
            UserUpdate(password=password, current_password=current_password),
            keep_session=request.cookies.get(COOKIE_NAME),
            request=request,
        )
    except account_service.CurrentPasswordError as err:
        return again(f"{err}.")
    except exceptions.InvalidPasswordException as err:
        return again(f"{err.reason}.")
    return redirect("/account?notice=password-changed")


@router.post("/account/delete")
def delete_account_form(
    request: Request,
    user: PageUser,
    session: SessionDep,
    settings: SettingsDep,
    manager: UserManagerDep,
    password: Annotated[str, Form()],
    confirm: Annotated[str, Form()] = "",
) -> Response:
    verified, _ = manager.password_helper.verify_and_update(password, user.hashed_password)
    if not verified or confirm.strip().upper() != "DELETE":
        message = "To delete your account, type DELETE and enter your password."
        return render(
            request, "account.html", {"flashes": [("error", message)]}, status.HTTP_400_BAD_REQUEST
        )
    try:
        account_service.delete_account(session, settings, user)
    except account_service.SubscriptionNotCancelledError as err:
        return render(
            request, "account.html", {"flashes": [("error", str(err))]}, status.HTTP_502_BAD_GATEWAY
        )
    response = redirect("/?notice=deleted")
    response.delete_cookie(COOKIE_NAME)
    return response
