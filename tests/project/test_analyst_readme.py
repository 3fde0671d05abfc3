"""The README's example queries for analysts, read from the README and run as a login of
mi_analyst (made by `mi analyst create`) on the real marts."""

from __future__ import annotations

import re

import psycopg
import pytest

from mi_core.analysts import create_analyst, revoke_analyst
from mi_core.settings import PROJECT_ROOT


def _example_queries() -> list[str]:
    readme = (PROJECT_ROOT / "README.md").read_text()
    section = readme.split("### Example queries", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, flags=re.DOTALL)


@pytest.fixture(scope="module")
def analyst_url(database):
    from tests.portal_helpers import seller_with_processed_sample

    seller_with_processed_sample(database)
    login = create_analyst(database.resolved_database_url(), "readme_examples_analyst")
    yield login.connection_url
    revoke_analyst(database.resolved_database_url(), login.name)


def test_the_readme_has_three_example_queries():
    assert len(_example_queries()) == 3


@pytest.mark.parametrize("number", range(3))
def test_an_example_query_answers_as_an_analyst(analyst_url, number):
    query = _example_queries()[number]
    with psycopg.connect(analyst_url) as conn:
        rows = conn.execute(query).fetchall()

    assert rows, query
    assert all(value is not None for value in rows[0][:2])
