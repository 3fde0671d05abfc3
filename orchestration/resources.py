"""Dagster resources: every external system is configured from the environment."""

from __future__ import annotations

import contextlib
from pathlib import Path

from dagster import ConfigurableResource, EnvVar
from sqlalchemy import Engine

from mi_core.categorisation import Categoriser, PostgresCache, build_categoriser
from mi_core.db import get_engine
from mi_core.settings import Settings, sqlalchemy_url_for
from mi_core.storage import UploadStorage, open_storage


class WarehouseResource(ConfigurableResource):
    """The PostgreSQL database holding the app tables, the raw rows and the marts."""

    database_url: str

    def engine(self) -> Engine:
        return get_engine(sqlalchemy_url_for(self.database_url))


class UploadStorageResource(ConfigurableResource):
    """Where uploaded report files are kept (mi_core.storage: a directory or an
    S3-compatible bucket); `uploads.stored_path` is the key."""

    data_dir: str
    storage_url: str | None = None
    s3_endpoint_url: str | None = None
    s3_region: str | None = None
    s3_access_key_id: str | None = None
    s3_secret_access_key: str | None = None

    def storage(self) -> UploadStorage:
        return open_storage(
            self.storage_url,
            self.data_dir,
            s3_endpoint_url=self.s3_endpoint_url,
            s3_region=self.s3_region,
            s3_access_key_id=self.s3_access_key_id,
            s3_secret_access_key=self.s3_secret_access_key,
        )

    def exists(self, stored_path: str) -> bool:
        return self.storage().exists(stored_path)

    def local_copy(self, stored_path: str) -> contextlib.AbstractContextManager[Path]:
        return self.storage().local_copy(stored_path)


def default_warehouse() -> WarehouseResource:
    return WarehouseResource(database_url=EnvVar("DATABASE_URL"))


def default_upload_storage(settings: Settings) -> UploadStorageResource:
    """From the environment; the secret stays an EnvVar (never in Dagster's run config)."""
    secret = EnvVar("MI_S3_SECRET_ACCESS_KEY") if settings.s3_secret_access_key else None
    return UploadStorageResource(
        data_dir=EnvVar("MI_DATA_DIR"),
        storage_url=settings.storage_url,
        s3_endpoint_url=settings.s3_endpoint_url,
        s3_region=settings.s3_region,
        s3_access_key_id=settings.s3_access_key_id,
        s3_secret_access_key=secret,
    )


class CategoriserResource(ConfigurableResource):
    """How titles are categorised: offline by default, OpenAI(-compatible) with an API key."""

    openai_api_key: str | None = None
    openai_base_url: str | None = None
    openai_model: str = "gpt-4o-mini"
    requests_per_minute: float = 60.0

    def build(self, engine: Engine) -> Categoriser:
        return build_categoriser(
            openai_api_key=self.openai_api_key,
            openai_base_url=self.openai_base_url,
            openai_model=self.openai_model,
            cache=PostgresCache(engine),
            requests_per_minute=self.requests_per_minute,
        )


def default_categoriser(settings: Settings) -> CategoriserResource:
    if settings.openai_api_key is None:
        return CategoriserResource()
    return CategoriserResource(
        openai_api_key=EnvVar("OPENAI_API_KEY"),
        openai_base_url=settings.openai_base_url,
        openai_model=settings.openai_model,
        requests_per_minute=settings.openai_requests_per_minute,
    )
