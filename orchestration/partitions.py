"""Partitioning: one dynamic partition per seller (tenant).

Each upload is a new materialisation of its seller's partition, identified by the
run tags below. This keeps the partition count at the number of sellers (100,000
sellers stay within Dagster's guidance of 100,000 partitions per asset) instead of
growing with every upload (10 million for 100 uploads each).
"""

from dagster import DynamicPartitionsDefinition

from mi_core.pipeline import SELLER_PARTITIONS, TENANT_TAG, UPLOAD_TAG

seller_partitions = DynamicPartitionsDefinition(name=SELLER_PARTITIONS)

__all__ = ["TENANT_TAG", "UPLOAD_TAG", "seller_partitions"]
