"""Dagster resources: every external system is configured from the environment."""

from __future__ import annotations

from pathlib import Path

from dagster import ConfigurableResource, EnvVar
from sqlalchemy import Engine

from portal.db import get_engine
from portal.settings import sqlalchemy_url_for


class WarehouseResource(ConfigurableResource):
    """The PostgreSQL database holding the app tables, the raw rows and the marts."""

    database_url: str

    def engine(self) -> Engine:
        return get_engine(sqlalchemy_url_for(self.database_url))


class UploadStorageResource(ConfigurableResource):
    """Where uploaded report files are kept (a directory; paths in `uploads` are relative)."""

    data_dir: str

    def path_of(self, stored_path: str) -> Path:
        return Path(self.data_dir) / "uploads" / stored_path


def default_warehouse() -> WarehouseResource:
    return WarehouseResource(database_url=EnvVar("DATABASE_URL"))


def default_upload_storage() -> UploadStorageResource:
    return UploadStorageResource(data_dir=EnvVar("MI_DATA_DIR"))
