"""The seller's own account: registration, password reset requests, changes of password
or email, and removal. The JSON API (portal/routes/users.py) and the pages
(portal/routes/pages.py) both go through these functions.

Two rules hold on every path:

- An answer never tells whether an address has an account: registering a taken address
  and asking a reset for an unknown one answer, and take, as the other case; mails go out
  after the response.
- A new password or email needs the current password, and once either changes, every
  other session ends: the other cookie sessions are deleted and bearer JWTs issued before
  stop working (`UserManager.revoke_credentials`).
"""

from __future__ import annotations

import stripe
from fastapi import Request
from fastapi_users import exceptions
from sqlalchemy import update
from sqlalchemy.orm import Session

from mi_core import emails
from mi_core.erasure import erase_seller
from mi_core.models import User
from mi_core.settings import Settings
from portal.auth import UserManager
from portal.billing.checkout import cancel_subscription
from portal.billing.stripe_api import BillingNotConfiguredError
from portal.schemas import UserCreate, UserUpdate

REGISTRATION_ACCEPTED = (
    "Thanks! Check your inbox: we sent a message to that address with the next step."
)
CURRENT_PASSWORD_MISSING = "Enter your current password to change your password or email"
CURRENT_PASSWORD_WRONG = "Your current password is not correct"


class SubscriptionNotCancelledError(RuntimeError):
    """Stripe could not be reached to cancel the subscription: the account is kept."""


class CurrentPasswordError(ValueError):
    """A change of password or email without the right current password."""


# --- registration and password reset: the same answer for every address ---


async def register(manager: UserManager, new: UserCreate, request: Request | None = None) -> None:
    """Create the account (its verification mail follows the response) or, if the address
    has one, mail its owner that someone tried; both cost a password hash.

    Raises InvalidPasswordException for a refused password, checked before the address
    is looked up, so that answer does not depend on it either.
    """
    try:
        await manager.create(new, safe=True, request=request)
    except exceptions.UserAlreadyExists:
        manager.password_helper.hash(new.password)  # the work a new account costs
        existing = await manager.get_by_email(new.email)
        await manager.later(
            emails.send_registration_attempt_email, manager.settings, existing.email
        )


async def request_password_reset(manager: UserManager, email: str) -> None:
    """Mail a reset link if `email` belongs to an active account. Everything that depends
    on it (hashing the token's fingerprint, the mail) happens after the response."""
    try:
        user = await manager.get_by_email(email)
    except exceptions.UserNotExists:
        return
    if user.is_active:
        await manager.later(manager.forgot_password, user)


# --- changes of the seller's own account ---


async def change_account(
    manager: UserManager,
    user: User,
    changes: UserUpdate,
    *,
    keep_session: str | None = None,
    request: Request | None = None,
) -> User:
    """Apply the seller's own changes. A new password or email needs `current_password`;
    once either changes, every session but `keep_session` (the browser session making
    the change) ends and all bearer JWTs issued so far stop working.

    Raises CurrentPasswordError, InvalidPasswordException (the policy refused the new
    password) or UserAlreadyExists (the new email is taken).
    """
    # Only what is really given: `"email": null` must not try to blank the address.
    fields = {k: v for k, v in changes.create_update_dict().items() if v is not None}
    sensitive = "password" in fields or fields.get("email", user.email) != user.email
    if sensitive:
        if not changes.current_password:
            raise CurrentPasswordError(CURRENT_PASSWORD_MISSING)
        verified, _ = manager.password_helper.verify_and_update(
            changes.current_password, user.hashed_password
        )
        if not verified:
            raise CurrentPasswordError(CURRENT_PASSWORD_WRONG)
    updated = await manager.update(UserUpdate(**fields), user, safe=True, request=request)
    if sensitive:
        await manager.revoke_credentials(updated, keep_session=keep_session)
    return updated


# --- removal ---


def delete_account(session: Session, settings: Settings, user: User) -> None:
    """Cancel a paid subscription first (if that fails, nothing is deleted), then erase."""
    try:
        cancel_subscription(session, settings, user)
    except (stripe.StripeError, BillingNotConfiguredError) as err:
        raise SubscriptionNotCancelledError(
            "Your subscription could not be cancelled just now, so your account was kept. "
            f"Please try again in a few minutes. ({err})"
        ) from None
    erase_seller(session, settings, user.id)


def set_upload_emails(session: Session, user: User, wanted: bool) -> None:
    """The seller's choice of upload emails; mails already queued follow it too (the send
    job reads it when it sends)."""
    session.execute(update(User).where(User.id == user.id).values(upload_emails=wanted))
    session.commit()
