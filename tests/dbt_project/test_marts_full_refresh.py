"""After a deploy that changes the dbt models, the next build rebuilds every seller's
marts in full (mi_core.marts_state); otherwise builds stay incremental per seller."""

from __future__ import annotations

from mi_core.marts_state import built_fingerprint, models_fingerprint
from orchestration.dbt_project import manifest_models_fingerprint
from tests.pipeline_helpers import execute, register, run_upload, scalar
from tests.portal_helpers import create_seller

GROSS = "select sum(gross_sales) from marts.fct_seller_daily where tenant_id = :t"


def _process_report(settings, instance, tmp_path, seed: int):
    from mi_core.sales_report import write_report

    seller = create_seller()
    path = write_report(tmp_path / f"sales-{seed}.csv", 20, seed=seed)
    assert run_upload(instance, seller, register(settings, seller, path)).success
    return seller


def test_changed_models_rebuild_every_seller_once(settings, engine, instance, tmp_path):
    first = _process_report(settings, instance, tmp_path, seed=11)
    assert built_fingerprint(engine) == manifest_models_fingerprint()
    gross = scalar(engine, GROSS, t=first.id)
    # Rows the old SQL computed differently (what a changed metric leaves behind).
    execute(engine, "update marts.fct_seller_daily set gross_sales = gross_sales + 1000"
            " where tenant_id = :t", t=first.id)  # fmt: skip

    _process_report(settings, instance, tmp_path, seed=12)
    # Same models: the build was incremental, the first seller's rows were not touched.
    assert scalar(engine, GROSS, t=first.id) > gross

    execute(engine, "update raw.marts_build_state set models_fingerprint = 'older models'")
    _process_report(settings, instance, tmp_path, seed=13)
    assert scalar(engine, GROSS, t=first.id) == gross
    assert built_fingerprint(engine) == manifest_models_fingerprint()


def test_the_fingerprint_follows_model_sql_columns_and_vars_only():
    def manifest(sql_checksum: str, columns: tuple[str, ...], test_checksum: str = "t"):
        return {
            "nodes": {
                "model.mi.fct_sales": {
                    "unique_id": "model.mi.fct_sales",
                    "resource_type": "model",
                    "checksum": {"checksum": sql_checksum},
                    "columns": {name: {} for name in columns},
                },
                "test.mi.not_null": {
                    "unique_id": "test.mi.not_null",
                    "resource_type": "test",
                    "checksum": {"checksum": test_checksum},
                },
            }
        }

    base = models_fingerprint(manifest("a", ("x",)), '{"v": 1}')
    assert models_fingerprint(manifest("a", ("x",), test_checksum="other"), '{"v": 1}') == base
    assert models_fingerprint(manifest("b", ("x",)), '{"v": 1}') != base
    assert models_fingerprint(manifest("a", ("x", "y")), '{"v": 1}') != base
    assert models_fingerprint(manifest("a", ("x",)), '{"v": 2}') != base
