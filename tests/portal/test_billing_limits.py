"""The plans' limits where they matter: uploads per day (refused before storing, race-free),
products per month (rows over the allowance wait, and are processed after an upgrade or in
a new month, never counted twice), exports, and operators' overrides."""

from __future__ import annotations

import io
import threading
import time
import uuid
from datetime import UTC, datetime

import pytest

from mi_core.sales_report import write_report
from tests.billing_helpers import (
    PRICE_BUSINESS,
    PRICE_PRO,
    billing_settings,
    link_customer,
    post_event,
    subscription_event_object,
    usage,
)
from tests.cli_helpers import run_mi
from tests.fakes.stripe_server import stripe_server
from tests.pipeline_helpers import execute, register, scalar, upload_row
from tests.portal_helpers import login, portal_client, process, upload_file


@pytest.fixture
def client(settings):
    with portal_client(settings) as test_client:
        yield test_client


def uploads_of(engine, seller) -> int:
    return scalar(engine, "select count(*) from uploads where seller_id = :s", s=seller.id)


def loaded_rows(engine, upload_id) -> int:
    return scalar(
        engine, "select count(*) from raw.sales_report_rows where upload_id = :u", u=upload_id
    )


def categorised_rows(engine, upload_id) -> int:
    return scalar(
        engine, "select count(*) from raw.sale_categories where upload_id = :u", u=upload_id
    )


def forget_pending(engine, seller) -> None:
    """Keep the daemon test from processing uploads these tests left pending."""
    execute(
        engine,
        "delete from uploads where seller_id = :s and status = 'pending'",
        s=seller.id,
    )


def previous_month(engine, seller) -> None:
    """Time passes: everything the seller used is now last month's."""
    execute(
        engine,
        (
            "update product_usage set month = (month - interval '1 month')::date"
            " where seller_id = :s"
        ),
        s=seller.id,
    )


# --- uploads per day ---


def test_the_fourth_upload_of_a_day_is_refused_before_it_is_stored(
    client, settings, engine, free_seller, tmp_path
):
    headers = login(client, free_seller.email)
    report = write_report(tmp_path / "small.csv", 5, seed=3)
    accepted = [upload_file(client, headers, report).status_code for _ in range(3)]

    refused = upload_file(client, headers, report)

    assert accepted == [202, 202, 202]
    assert refused.status_code == 429
    detail = refused.json()["detail"]
    assert "3 uploads a day" in detail and "UTC" in detail and "upgrade" in detail
    assert int(refused.headers["Retry-After"]) > 0
    assert uploads_of(engine, free_seller) == 3
    assert len(list((settings.uploads_dir / str(free_seller.id)).iterdir())) == 3
    state = usage(client, free_seller)
    assert (state["uploads_today"], state["uploads_limit"]) == (3, 3)

    # `mi upload` goes through the same path and is refused the same way.
    cli = run_mi("upload", str(report), "--seller", free_seller.email)
    assert cli.returncode == 1
    assert "3 uploads a day" in cli.stderr

    # A new day (UTC) gives three new uploads.
    execute(
        engine,
        "update upload_usage set day = day - 1 where seller_id = :s",
        s=free_seller.id,
    )
    assert upload_file(client, headers, report).status_code == 202
    forget_pending(engine, free_seller)


def test_refused_files_do_not_use_an_upload(client, engine, free_seller, tmp_path):
    headers = login(client, free_seller.email)
    not_a_report = tmp_path / "notes.csv"
    not_a_report.write_text("hello,world\n1,2\n")
    for _ in range(4):
        assert upload_file(client, headers, not_a_report).status_code == 422
    assert usage(client, free_seller)["uploads_today"] == 0


def test_two_uploads_at_the_edge_cannot_both_pass(settings, engine, free_seller, tmp_path):
    from mi_core.billing.usage import UploadLimitReachedError
    from mi_core.db import session_scope
    from mi_core.models import User
    from mi_core.uploads import register_upload

    content = write_report(tmp_path / "edge.csv", 5, seed=4).read_bytes()
    for _ in range(2):
        register(settings, free_seller, tmp_path / "edge.csv", plan=None)
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def slow_check(_path) -> None:
        # Runs after the count, before the commit: without the lock both would pass here.
        time.sleep(0.5)

    def attempt() -> None:
        start.wait()
        try:
            with session_scope() as session:
                seller = session.get(User, free_seller.id)
                upload = register_upload(
                    session, settings, seller, io.BytesIO(content), "edge.csv", check=slow_check
                )
                outcomes.append(upload.id)
        except UploadLimitReachedError as err:
            outcomes.append(err)

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(type(o).__name__ for o in outcomes) == ["UUID", "UploadLimitReachedError"]
    assert uploads_of(engine, free_seller) == 3
    assert (
        scalar(engine, "select uploads from upload_usage where seller_id = :s", s=free_seller.id)
        == 3
    )
    forget_pending(engine, free_seller)


# --- products per month ---


def test_the_101st_product_of_a_free_month_waits_until_the_next_month(
    client, settings, engine, instance, free_seller, tmp_path
):
    from mi_core.billing.usage import release_all_waiting_uploads
    from mi_core.db import session_scope
    from mi_core.upload_status import pending_uploads

    first = register(
        settings, free_seller, write_report(tmp_path / "a.csv", 100, seed=21), plan=None
    )
    process(instance, free_seller, first)
    second = register(
        settings, free_seller, write_report(tmp_path / "b.csv", 30, seed=22), plan=None
    )
    process(instance, free_seller, second)

    assert (upload_row(engine, first).processed_items, upload_row(engine, first).waiting_rows) == (
        100,
        0,
    )
    waiting = upload_row(engine, second)
    assert (waiting.total_items, waiting.processed_items, waiting.waiting_rows) == (30, 0, 30)
    assert loaded_rows(engine, second) == 0
    # Waiting rows are not categorised either (with OpenAI that would cost money).
    assert categorised_rows(engine, second) == 0
    shown = client.get(f"/api/uploads/{second}", headers=login(client, free_seller.email)).json()
    assert shown["waiting_rows"] == 30
    assert "30 rows" in shown["notice"] and "Upgrade" in shown["notice"]
    state = usage(client, free_seller)
    assert (state["products_this_month"], state["products_limit"], state["waiting_rows"]) == (
        100,
        100,
        30,
    )

    # Re-processing an upload (re-executing its run) does not count its rows again.
    first_run = upload_row(engine, first).dagster_run_id
    process(instance, free_seller, first, rerun_of=first_run)
    assert upload_row(engine, first).dagster_run_id != first_run
    assert usage(client, free_seller)["products_this_month"] == 100
    assert loaded_rows(engine, first) == 100

    # A new month: the periodic release re-submits the waiting upload with a new run key.
    previous_month(engine, free_seller)
    assert usage(client, free_seller)["products_this_month"] == 0
    with session_scope() as session:
        released = release_all_waiting_uploads(session, settings)
    assert second in released
    pending = {p.upload_id: p for p in pending_uploads(engine)}
    assert pending[second].run_key == f"{second}:1"
    process(instance, free_seller, second)

    done = upload_row(engine, second)
    assert (done.processed_items, done.waiting_rows) == (30, 0)
    assert loaded_rows(engine, second) == 30
    assert categorised_rows(engine, second) == 30
    state = usage(client, free_seller)
    assert (state["products_this_month"], state["waiting_rows"]) == (30, 0)


def test_an_upgrade_processes_the_waiting_rows_without_uploading_again(
    settings, engine, instance, free_seller, tmp_path
):
    report = write_report(tmp_path / "big.csv", 150, seed=23)
    with stripe_server() as fake, portal_client(billing_settings(settings, fake)) as client:
        response = upload_file(client, login(client, free_seller.email), report)
        upload_id = uuid.UUID(response.json()["id"])
        process(instance, free_seller, upload_id)
        assert upload_row(engine, upload_id).waiting_rows == 50
        assert categorised_rows(engine, upload_id) == 100

        customer = fake.new_id("cus")
        link_customer(engine, free_seller.id, customer)
        subscription = fake.new_id("sub")
        fake.put_subscription(subscription, customer=customer, price=PRICE_PRO)
        upgraded = post_event(
            client, "customer.subscription.created", subscription_event_object(fake, subscription)
        )
        assert upgraded.status_code == 200, upgraded.text

        released = upload_row(engine, upload_id)
        assert (released.status, released.run_generation) == ("pending", 1)
        process(instance, free_seller, upload_id)

        done = upload_row(engine, upload_id)
        assert (done.processed_items, done.waiting_rows) == (150, 0)
        assert loaded_rows(engine, upload_id) == 150
        assert categorised_rows(engine, upload_id) == 150
        state = usage(client, free_seller)
        assert (state["plan"], state["products_this_month"], state["waiting_rows"]) == (
            "pro",
            150,
            0,
        )


# --- exports ---


def test_exports_are_refused_on_the_free_plan(client, engine, free_seller):
    headers = login(client, free_seller.email)

    refused = client.get("/api/exports/monthly.csv", headers=headers)

    assert refused.status_code == 403
    assert "not included in the Free plan" in refused.json()["detail"]
    assert usage(client, free_seller)["export_enabled"] is False
    result = run_mi("seller", "plan", free_seller.email, "pro")
    assert result.returncode == 0, result.stderr
    assert client.get("/api/exports/monthly.csv", headers=headers).status_code == 200


# --- operators' overrides ---


def test_mi_seller_plan_is_an_override_webhooks_do_not_change(
    settings, engine, free_seller, tmp_path
):
    upload_id = register(
        settings, free_seller, write_report(tmp_path / "w.csv", 5, seed=5), plan=None
    )
    execute(
        engine,
        "update uploads set status = 'completed', waiting_rows = 5 where id = :u",
        u=upload_id,
    )

    granted = run_mi("seller", "plan", free_seller.email, "pro", "--until", "2099-12-31")

    assert granted.returncode == 0, granted.stderr
    assert "pro plan until 2100-01-01" in granted.stdout
    released = upload_row(engine, upload_id)
    assert (released.status, released.run_generation) == ("pending", 1)
    forget_pending(engine, free_seller)
    with stripe_server() as fake, portal_client(billing_settings(settings, fake)) as client:
        state = usage(client, free_seller)
        assert (state["plan"], state["plan_source"]) == ("pro", "override")
        assert datetime.fromisoformat(state["override_until"]) == datetime(2100, 1, 1, tzinfo=UTC)

        customer = fake.new_id("cus")
        link_customer(engine, free_seller.id, customer)
        subscription = fake.new_id("sub")
        fake.put_subscription(subscription, customer=customer, price=PRICE_BUSINESS)
        post_event(
            client, "customer.subscription.created", subscription_event_object(fake, subscription)
        )
        assert usage(client, free_seller)["plan"] == "pro", "the override wins until it ends"

        execute(
            engine,
            ("update plan_overrides set until = now() - interval '1 day' where seller_id = :s"),
            s=free_seller.id,
        )
        state = usage(client, free_seller)
        assert (state["plan"], state["plan_source"]) == ("business", "subscription")


def test_mi_seller_plan_refuses_unknown_plans_sellers_and_past_dates(free_seller):
    assert run_mi("seller", "plan", free_seller.email, "gold").returncode == 1
    assert run_mi("seller", "plan", "nobody@example.test", "pro").returncode == 1
    past = run_mi("seller", "plan", free_seller.email, "pro", "--until", "2001-01-01")
    assert past.returncode == 1
    assert "past" in past.stderr


def test_plan_limits_are_defined_once():
    from mi_core.billing.plans import PLANS, PlanName, plan_for_price

    assert [(p.products_per_month, p.uploads_per_day, p.export) for p in PLANS.values()] == [
        (100, 3, False),
        (2000, 10, True),
        (None, None, True),
    ]
    with stripe_server() as fake:
        from mi_core.settings import get_settings

        configured = billing_settings(get_settings(), fake)
    assert plan_for_price(configured, PRICE_PRO) == PlanName.PRO
    assert plan_for_price(configured, PRICE_BUSINESS) == PlanName.BUSINESS
    assert plan_for_price(configured, "price_unknown") is None
