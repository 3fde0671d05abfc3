"""The warehouse's fee rules are the Python table's: the committed dbt seed is exactly what
`write_fee_rules_csv` writes, and the dbt grace period is `GRACE_DAYS`."""

from __future__ import annotations

import io

import yaml

from mi_core.sales_report.fees import GRACE_DAYS, write_fee_rules_csv
from tests.sample import REPO_ROOT

DBT_PROJECT = REPO_ROOT / "dbt_project"
SEED = DBT_PROJECT / "seeds" / "mercari_fee_rules.csv"


def test_the_committed_seed_is_the_python_fee_rules() -> None:
    written = io.StringIO()
    write_fee_rules_csv(written)
    assert SEED.read_text(encoding="utf-8") == written.getvalue(), (
        "dbt_project/seeds/mercari_fee_rules.csv differs from FEE_RULES: regenerate it with"
        " write_fee_rules_csv('dbt_project/seeds/mercari_fee_rules.csv')"
    )


def test_the_dbt_grace_period_is_the_python_one() -> None:
    project = yaml.safe_load((DBT_PROJECT / "dbt_project.yml").read_text(encoding="utf-8"))
    assert project["vars"]["fee_grace_days"] == GRACE_DAYS
