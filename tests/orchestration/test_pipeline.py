"""The whole path, for real: stored report → Dagster assets → PostgreSQL → dbt marts."""

from __future__ import annotations

from tests.pipeline_helpers import money, register, run_upload, scalar, upload_row
from tests.sample import sample

# The sample's own Totals row; cancelled rows carry no seller-side money.
SAMPLE = sample()
SAMPLE_NET_PROCEEDS = SAMPLE.total("Net Seller Proceeds")
SAMPLE_ITEM_PRICE = SAMPLE.total("Item Price")
SAMPLE_SELLING_FEES = SAMPLE.total("Mercari Selling Fee")
SAMPLE_PROCESSING_FEES = SAMPLE.total("Payment Processing Fee Charged To Seller")


def tenant_sum(engine, sql: str, seller) -> object:
    return scalar(engine, sql, tenant=seller.id)


def test_sample_report_becomes_marts(settings, engine, instance, seller, sample_report):
    upload_id = register(settings, seller, sample_report)

    result = run_upload(instance, seller, upload_id)

    assert result.success
    upload = upload_row(engine, upload_id)
    rows = SAMPLE.rows
    assert (upload.total_items, upload.processed_items, upload.quarantined_items) == (rows, rows, 0)
    assert upload.reconciled is True
    assert str(upload.first_sale_date) == SAMPLE.first_sale
    assert (
        tenant_sum(
            engine, "select count(*) from raw.sales_report_rows where tenant_id = :tenant", seller
        )
        == SAMPLE.rows
    )
    assert (
        tenant_sum(engine, "select count(*) from marts.fct_sales where tenant_id = :tenant", seller)
        == SAMPLE.rows
    )
    assert (
        money(
            tenant_sum(
                engine,
                "select sum(item_price) from marts.fct_sales where tenant_id = :tenant",
                seller,
            )
        )
        == SAMPLE_ITEM_PRICE
    )
    monthly = "select sum({}) from marts.fct_seller_monthly where tenant_id = :tenant"
    assert money(tenant_sum(engine, monthly.format("net_proceeds"), seller)) == SAMPLE_NET_PROCEEDS
    assert money(tenant_sum(engine, monthly.format("mercari_selling_fees"), seller)) == (
        SAMPLE_SELLING_FEES
    )
    assert money(tenant_sum(engine, monthly.format("payment_processing_fees"), seller)) == (
        SAMPLE_PROCESSING_FEES
    )
    assert tenant_sum(engine, monthly.format("orders"), seller) == SAMPLE.completed
    assert tenant_sum(engine, monthly.format("cancelled_orders"), seller) == SAMPLE.cancelled
    completed_gross = tenant_sum(
        engine,
        "select sum(item_price) from marts.fct_sales"
        " where tenant_id = :tenant and order_status = 'Completed'",
        seller,
    )
    assert money(tenant_sum(engine, monthly.format("gross_sales"), seller)) == money(
        completed_gross
    )
    states = "select sum(orders) from marts.fct_seller_states where tenant_id = :tenant"
    assert tenant_sum(engine, states, seller) == SAMPLE.completed
    years = "select sum(gross_sales) from marts.fct_seller_fee_years where tenant_id = :tenant"
    assert money(tenant_sum(engine, years, seller)) == money(completed_gross)
    regimes = "select sum(gross_sales) from marts.fct_seller_fee_regimes where tenant_id = :tenant"
    assert money(tenant_sum(engine, regimes, seller)) == money(completed_gross)
    assert_fee_checks_agree_with_python(engine, seller, sample_report)

    checks = {
        evaluation.check_name: evaluation.passed
        for evaluation in result.get_asset_check_evaluations()
    }
    assert checks["totals_reconcile"] is True
    assert checks["quarantine_share"] is True
    # dbt's data tests run as Dagster asset checks on the marts.
    dbt_checks = [
        evaluation
        for evaluation in result.get_asset_check_evaluations()
        if evaluation.asset_key.path[-1] == "fct_sales"
    ]
    assert len(dbt_checks) >= 3
    assert all(evaluation.passed for evaluation in dbt_checks)


def assert_fee_checks_agree_with_python(engine, seller, report_path) -> None:
    """The marts' fee check per sale = mi_core's check_fees on the same report."""
    from sqlalchemy import text

    from mi_core.sales_report import parse_report

    report = parse_report(report_path.read_bytes(), source_name=report_path.name)
    check = report.fee_check()
    with engine.connect() as conn:
        by_regime = conn.execute(
            text(
                "select regime_number, orders, earlier_rule_sales, differing_sales"
                " from marts.fct_seller_fee_regimes where tenant_id = :t order by 1"
            ),
            {"t": seller.id},
        ).all()
        differing_rows = (
            conn.execute(
                text(
                    "select row_number from marts.fct_sale_fee_checks"
                    " where tenant_id = :t and fee_check = 'differs' order by 1"
                ),
                {"t": seller.id},
            )
            .scalars()
            .all()
        )
    python = [
        (number, r.sales, r.earlier_rule, r.differing)
        for number, r in enumerate(check.regimes, start=1)
        if r.sales
    ]
    assert [tuple(row) for row in by_regime] == python
    assert differing_rows == sorted({d.row for d in check.differing_rows})
    if SAMPLE.is_real:
        assert [row.orders for row in by_regime] == [41, 414, 30, 85, 24, 3]
        assert sum(row.differing_sales for row in by_regime) == check.differing == 3
        assert sum(row.earlier_rule_sales for row in by_regime) == 2


def test_rerunning_an_upload_replaces_its_rows(settings, engine, instance, seller, sample_report):
    upload_id = register(settings, seller, sample_report)
    first = run_upload(instance, seller, upload_id)

    # A new run finds nothing pending: re-running an upload is re-executing its run.
    again = run_upload(instance, seller, upload_id, rerun_of=first.run_id)

    assert upload_row(engine, upload_id).dagster_run_id == again.run_id != first.run_id
    rows = "select count(*) from raw.sales_report_rows where upload_id = :upload"
    assert scalar(engine, rows, upload=upload_id) == SAMPLE.rows
    assert (
        tenant_sum(engine, "select count(*) from marts.fct_sales where tenant_id = :tenant", seller)
        == SAMPLE.rows
    )


def test_overlapping_uploads_count_each_sale_once(
    settings, engine, instance, seller, sample_report, tmp_path
):
    from mi_core.sales_report import write_report

    first = register(settings, seller, sample_report)
    run_upload(instance, seller, first)
    second = register(settings, seller, sample_report)
    run_upload(instance, seller, second)
    extra = register(settings, seller, write_report(tmp_path / "extra.csv", 40, seed=99))
    run_upload(instance, seller, extra)

    assert (
        tenant_sum(
            engine, "select count(*) from raw.sales_report_rows where tenant_id = :tenant", seller
        )
        == SAMPLE.rows * 2 + 40
    )
    assert (
        tenant_sum(engine, "select count(*) from marts.fct_sales where tenant_id = :tenant", seller)
        == SAMPLE.rows + 40
    )
    net = "select sum(net_seller_proceeds) from marts.fct_sales where tenant_id = :tenant"
    extra_net = scalar(
        engine,
        "select sum(net_seller_proceeds) from raw.sales_report_rows where upload_id = :upload",
        upload=extra,
    )
    assert money(tenant_sum(engine, net, seller)) == SAMPLE_NET_PROCEEDS + money(extra_net)


def test_unreadable_upload_fails_and_leaves_marts_as_they_were(
    settings, engine, instance, seller, sample_report, tmp_path
):
    good = register(settings, seller, sample_report)
    run_upload(instance, seller, good)
    marts_before = tenant_sum(
        engine,
        "select md5(string_agg(t::text, '|' order by t::text)) from marts.fct_seller_monthly t"
        " where tenant_id = :tenant",
        seller,
    )
    bad_file = tmp_path / "not-a-report.csv"
    bad_file.write_text('"Order","Price"\n"1","2.00"\n', encoding="utf-8")
    bad = register(settings, seller, bad_file)

    result = run_upload(instance, seller, bad, raise_on_error=False)

    assert not result.success
    upload = upload_row(engine, bad)
    assert upload.status == "failed"
    assert "not-a-report.csv" in upload.error
    assert "header" in upload.error
    assert (
        scalar(engine, "select count(*) from raw.sales_report_rows where upload_id = :u", u=bad)
        == 0
    )
    assert (
        tenant_sum(
            engine,
            "select md5(string_agg(t::text, '|' order by t::text)) from marts.fct_seller_monthly t"
            " where tenant_id = :tenant",
            seller,
        )
        == marts_before
    )


def test_quarantined_rows_are_kept_with_row_and_column(
    settings, engine, instance, seller, tmp_path
):
    from mi_core.sales_report import write_report

    path = write_report(tmp_path / "report.csv", 30, seed=5)
    lines = path.read_bytes().split(b"\n")
    # Line 3 of the file (the second sale): break its Sold Date.
    fields = lines[2].split(b'","')
    fields[1] = b"not a date"
    lines[2] = b'","'.join(fields)
    path.write_bytes(b"\n".join(lines))
    upload_id = register(settings, seller, path)

    result = run_upload(instance, seller, upload_id)

    assert result.success
    upload = upload_row(engine, upload_id)
    assert (upload.total_items, upload.processed_items, upload.quarantined_items) == (30, 29, 1)
    row = scalar(
        engine,
        "select row_number || ':' || column_name from quarantined_rows where upload_id = :u",
        u=upload_id,
    )
    assert row == "3:Sold Date"
    assert (
        tenant_sum(engine, "select count(*) from marts.fct_sales where tenant_id = :tenant", seller)
        == 29
    )


def test_marts_are_kept_apart_by_tenant(settings, engine, instance, seller, tmp_path):
    from mi_core.db import session_scope
    from mi_core.sales_report import write_report
    from mi_core.uploads import create_seller

    with session_scope(engine) as session:
        other = create_seller(session, f"other-{seller.id.hex[:8]}@example.test")
        session.expunge(other)
    mine = register(settings, seller, write_report(tmp_path / "a.csv", 25, seed=1))
    theirs = register(settings, other, write_report(tmp_path / "b.csv", 60, seed=2))
    run_upload(instance, seller, mine)
    run_upload(instance, other, theirs)

    count = "select count(*) from marts.fct_sales where tenant_id = :tenant"
    assert tenant_sum(engine, count, seller) == 25
    assert tenant_sum(engine, count, other) == 60


def test_buyer_names_in_titles_never_reach_the_logs(settings, engine, instance, seller, tmp_path):
    from mi_core.sales_report import write_report

    path = write_report(tmp_path / "reserved.csv", 20, seed=8)
    lines = path.read_bytes().split(b"\n")
    fields = lines[3].split(b'","')
    fields[4] = "Reserved for Zelda Quixotebuyer 💖".encode()
    lines[3] = b'","'.join(fields)
    fields = lines[5].split(b'","')
    fields[1] = b"31/31/2024"  # a quarantined row with a buyer name must not leak either
    fields[4] = b"Bundle for Quixotebuyer"
    lines[5] = b'","'.join(fields)
    path.write_bytes(b"\n".join(lines))
    upload_id = register(settings, seller, path)

    result = run_upload(instance, seller, upload_id)

    assert result.success
    logged = "\n".join(
        str(entry.user_message) + str(entry.dagster_event)
        for entry in instance.all_logs(result.run_id)
    )
    assert "Quixotebuyer" not in logged
    # …while the seller keeps the title.
    title = scalar(
        engine,
        "select item_title from raw.sales_report_rows where upload_id = :u and row_number = 4",
        u=upload_id,
    )
    assert title == "Reserved for Zelda Quixotebuyer 💖"
