"""Dagster resources: every external system is configured from the environment."""

from __future__ import annotations

from pathlib import Path

from dagster import ConfigurableResource, EnvVar
from sqlalchemy import Engine

from mi_core.categorisation import Categoriser, PostgresCache, build_categoriser
from mi_core.db import get_engine
from mi_core.settings import Settings, sqlalchemy_url_for
from mi_core.storage import upload_file


class WarehouseResource(ConfigurableResource):
    """The PostgreSQL database holding the app tables, the raw rows and the marts."""

    database_url: str

    def engine(self) -> Engine:
        return get_engine(sqlalchemy_url_for(self.database_url))


class UploadStorageResource(ConfigurableResource):
    """Where uploaded report files are kept (a directory; paths in `uploads` are relative)."""

    data_dir: str

    def path_of(self, stored_path: str) -> Path:
        return upload_file(self.data_dir, stored_path)


def default_warehouse() -> WarehouseResource:
    return WarehouseResource(database_url=EnvVar("DATABASE_URL"))


def default_upload_storage() -> UploadStorageResource:
    return UploadStorageResource(data_dir=EnvVar("MI_DATA_DIR"))


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
