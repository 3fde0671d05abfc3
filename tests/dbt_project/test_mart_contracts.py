"""The marts' contracts (dbt_project.yml `+contract: enforced`): every mart's table has
exactly the columns, types and NOT NULL constraints its .yml declares, and PostgreSQL
refuses a row that breaks one (what the per-build not_null tests used to look for)."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from sqlalchemy import text

from orchestration.dbt_project import mercari_dbt_project
from tests.pipeline_helpers import register, run_upload

_TABLE_COLUMNS = """
select a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
from pg_attribute a
join pg_class c on c.oid = a.attrelid
join pg_namespace n on n.oid = c.relnamespace
where n.nspname = 'marts' and c.relname = :table and a.attnum > 0 and not a.attisdropped
order by a.attnum
"""


def _declared_marts() -> dict[str, list[tuple[str, str, bool]]]:
    manifest = json.loads(mercari_dbt_project().manifest_path.read_text())
    marts = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or node["config"]["schema"] != "marts":
            continue
        assert node["config"]["contract"]["enforced"], node["name"]
        marts[node["name"]] = [
            (
                column["name"],
                column["data_type"],
                any(c["type"] == "not_null" for c in column.get("constraints", [])),
            )
            for column in node["columns"].values()
        ]
    return marts


@pytest.fixture
def built_marts(settings, instance, seller, tmp_path):
    from mi_core.sales_report import write_report

    report = write_report(tmp_path / "sales.csv", 30, seed=16)
    assert run_upload(instance, seller, register(settings, seller, report)).success


def test_every_mart_table_is_its_contract(engine, built_marts):
    declared = _declared_marts()
    assert len(declared) >= 15
    with engine.connect() as conn:
        for mart, columns in declared.items():
            table = [tuple(row) for row in conn.execute(text(_TABLE_COLUMNS), {"table": mart})]
            assert sorted(table) == sorted(columns), mart
    # The money and key columns the dashboards read are constrained, not merely tested.
    assert ("net_proceeds", "numeric(14,2)", True) in declared["fct_seller_monthly"]
    assert ("tenant_id", "uuid", True) in declared["fct_sales"]


def test_a_row_breaking_a_constraint_is_refused(engine, built_marts):
    with engine.connect() as conn:
        assert conn.scalar(text("select count(*) from marts.fct_seller_monthly")) > 0
        with pytest.raises(sa.exc.IntegrityError, match="not-null"):
            conn.execute(text("update marts.fct_seller_monthly set net_proceeds = null"))
