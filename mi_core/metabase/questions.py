"""The seller dashboard's questions: native SQL over the dbt marts, each filtered by a
required `{{tenant_id}}` variable that the dashboard's locked filter is wired to.

The questions only select or add up mart columns: the rules (money counts completed
orders, fee regimes, ...) are the marts' (dbt_project/), never re-derived here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

DATABASE_NAME = "Mercari Intelligence warehouse"
COLLECTION_NAME = "Mercari Intelligence"
DASHBOARD_NAME = "Seller dashboard"
MARTS_SCHEMA = "marts"  # where dbt builds the marts (dbt_project.yml, +schema: marts)

TENANT_TAG = "tenant_id"  # the SQL variable of every question
TENANT_PARAMETER_ID = "mi_tenant_id"  # the dashboard filter's id
TENANT_PARAMETER_SLUG = "tenant_id"  # its slug: the key of embedding_params and JWT params
TENANT_FILTER = "tenant_id = cast({{tenant_id}} as uuid)"
TENANT_TARGET = ["variable", ["template-tag", TENANT_TAG]]
TENANT_PARAMETER = {
    "id": TENANT_PARAMETER_ID,
    "name": "Seller",
    "slug": TENANT_PARAMETER_SLUG,
    "type": "string/=",
    "sectionId": "string",
}
LOCKED_EMBEDDING_PARAMS = {TENANT_PARAMETER_SLUG: "locked"}

DASHBOARD_GRID_WIDTH = 24  # Metabase's dashboard grid
# Template-tag ids are uuids; derived from the question name so reruns compare equal.
_TAG_NAMESPACE = uuid.UUID("6f1d2c1e-8d0a-4f5e-9a57-2b0f4e1c9d3a")


@dataclass(frozen=True)
class Question:
    """A native-SQL question over the marts, filtered by the `tenant_id` variable."""

    name: str
    description: str
    sql: str
    display: str
    visualization_settings: dict[str, Any] = field(default_factory=dict)
    size_x: int = 12
    size_y: int = 6

    def template_tags(self) -> dict[str, Any]:
        return {
            TENANT_TAG: {
                "id": str(uuid.uuid5(_TAG_NAMESPACE, self.name)),
                "name": TENANT_TAG,
                "display-name": "Seller",
                "type": "text",
                "required": True,
            }
        }

    def dataset_query(self, database_id: int) -> dict[str, Any]:
        return {
            "type": "native",
            "database": database_id,
            "native": {"query": self.sql, "template-tags": self.template_tags()},
        }


def _graph(dimension: str, *metrics: str) -> dict[str, Any]:
    return {"graph.dimensions": [dimension], "graph.metrics": list(metrics)}


QUESTIONS: tuple[Question, ...] = (
    Question(
        name="Sales and net proceeds by month",
        description="Completed orders: gross sales, what Mercari paid out, and fees.",
        sql=f"""select month, gross_sales, net_proceeds, total_fees
from {MARTS_SCHEMA}.fct_seller_monthly
where {TENANT_FILTER}
order by month""",
        display="line",
        visualization_settings=_graph("month", "gross_sales", "net_proceeds", "total_fees"),
    ),
    Question(
        name="Orders and cancellations by month",
        description="Completed and cancelled orders per month.",
        sql=f"""select month, orders, cancelled_orders
from {MARTS_SCHEMA}.fct_seller_monthly
where {TENANT_FILTER}
order by month""",
        display="bar",
        visualization_settings=_graph("month", "orders", "cancelled_orders"),
    ),
    Question(
        name="Sales by department",
        description="Completed orders per department of the category taxonomy.",
        sql=f"""select department, sum(orders) as orders, sum(gross_sales) as gross_sales,
       sum(net_proceeds) as net_proceeds
from {MARTS_SCHEMA}.fct_seller_categories
where {TENANT_FILTER}
group by department
order by gross_sales desc, department""",
        display="row",
        visualization_settings=_graph("department", "gross_sales"),
    ),
    Question(
        name="Orders by buyer state",
        description="Where completed orders were shipped to.",
        sql=f"""select shipped_to_state, orders, gross_sales
from {MARTS_SCHEMA}.fct_seller_states
where {TENANT_FILTER} and shipped_to_state <> 'UNKNOWN'
order by orders desc, shipped_to_state""",
        display="map",
        visualization_settings={
            "map.type": "region",
            "map.region": "us_states",
            "map.dimension": "shipped_to_state",
            "map.metric": "orders",
        },
    ),
    Question(
        name="Best sellers",
        description="The 25 titles that brought in the most, completed orders only.",
        sql=f"""select item_title, sum(orders) as orders, sum(gross_sales) as gross_sales,
       sum(net_proceeds) as net_proceeds
from {MARTS_SCHEMA}.fct_seller_daily_titles
where {TENANT_FILTER}
group by item_title
having sum(orders) > 0
order by gross_sales desc, item_title
limit 25""",
        display="table",
    ),
    Question(
        name="Product lines",
        description="Titles clustered into product lines.",
        sql=f"""select cluster_name, orders, gross_sales, net_proceeds, share_of_gross
from {MARTS_SCHEMA}.fct_seller_clusters
where {TENANT_FILTER}
order by gross_sales desc, cluster_name""",
        display="table",
    ),
    Question(
        name="Fees by year",
        description="Mercari's fee regime of each year and the share of sales it took.",
        sql=f"""select year, fee_regime, orders, gross_sales, total_fees, effective_fee_rate
from {MARTS_SCHEMA}.fct_seller_fee_years
where {TENANT_FILTER}
order by year""",
        display="table",
        size_x=24,
        size_y=5,
    ),
)
