"""Where uploaded report files live: one interface, local disk or S3-compatible storage.

Every upload is stored under a key `<seller id>/<upload id>.csv` (`uploads.stored_path`),
so a seller's files are one prefix to erase. `MI_STORAGE_URL` picks the backend:

  * unset or `file:///path`: a directory (default `MI_DATA_DIR/uploads`); one machine, or
    a volume every process mounts;
  * `s3://bucket/optional/prefix`: any S3-compatible object store (AWS S3, MinIO, Ceph,
    R2 ...) through boto3, configured by `MI_S3_ENDPOINT_URL`, `MI_S3_REGION` and the
    `MI_S3_ACCESS_KEY_ID` / `MI_S3_SECRET_ACCESS_KEY` pair (unset: boto3's own chain,
    e.g. an IAM role of the pod).

Writers hand over a complete local file (`save`), so a stored object is never partial;
readers get a local path for the time they need it (`local_copy`).
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit


def uploads_root(data_dir: Path | str) -> Path:
    return Path(data_dir) / "uploads"


def stored_path_for(seller_id: uuid.UUID, upload_id: uuid.UUID) -> str:
    return f"{seller_id}/{upload_id}.csv"


def seller_prefix(seller_id: uuid.UUID) -> str:
    return f"{seller_id}/"


class StorageError(RuntimeError):
    """The upload store cannot be reached or refused an operation."""


class UploadStorage(Protocol):
    def save(self, key: str, source: Path) -> None:
        """Store the complete local file `source` under `key` (the file is consumed)."""

    def exists(self, key: str) -> bool: ...

    def local_copy(self, key: str) -> contextlib.AbstractContextManager[Path]:
        """A local path holding the object while the context lasts."""

    def delete(self, key: str) -> None:
        """Remove one object; a missing one is not an error."""

    def delete_prefix(self, prefix: str) -> None:
        """Remove every object under `prefix` (a seller's files)."""

    def keys(self, prefix: str = "") -> list[str]: ...


@dataclass(frozen=True)
class LocalStorage:
    root: Path

    def path(self, key: str) -> Path:
        return self.root / key

    def save(self, key: str, source: Path) -> None:
        destination = self.path(key)
        destination.parent.mkdir(parents=True, exist_ok=True)
        # A rename on one filesystem: a stored file is always complete.
        shutil.move(source, destination)

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    @contextlib.contextmanager
    def local_copy(self, key: str) -> Iterator[Path]:
        yield self.path(key)

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def delete_prefix(self, prefix: str) -> None:
        shutil.rmtree(self.root / prefix.rstrip("/"), ignore_errors=True)

    def keys(self, prefix: str = "") -> list[str]:
        base = self.root / prefix.rstrip("/") if prefix else self.root
        if not base.exists():
            return []
        return sorted(str(p.relative_to(self.root)) for p in base.rglob("*") if p.is_file())


class S3Storage:
    """An S3-compatible bucket (optionally under a key prefix), through boto3."""

    def __init__(self, bucket: str, prefix: str = "", client: Any = None) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.client = client

    def _key(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def _call(self, what: str, function: Any, **kwargs: Any) -> Any:
        from boto3.exceptions import Boto3Error
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return function(**kwargs)
        except (Boto3Error, BotoCoreError, ClientError) as err:
            raise StorageError(f"{what} s3://{self.bucket}/{self.prefix}: {err}") from err

    def save(self, key: str, source: Path) -> None:
        self._call(
            "upload to",
            self.client.upload_file,
            Filename=str(source),
            Bucket=self.bucket,
            Key=self._key(key),
        )
        source.unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as err:
            if err.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise StorageError(f"look up s3://{self.bucket}/{self._key(key)}: {err}") from err
        return True

    @contextlib.contextmanager
    def local_copy(self, key: str) -> Iterator[Path]:
        with tempfile.TemporaryDirectory(prefix="mi-upload-") as directory:
            path = Path(directory) / Path(key).name
            self._call(
                "download from",
                self.client.download_file,
                Bucket=self.bucket,
                Key=self._key(key),
                Filename=str(path),
            )
            yield path

    def delete(self, key: str) -> None:
        self._call("delete from", self.client.delete_object, Bucket=self.bucket, Key=self._key(key))

    def delete_prefix(self, prefix: str) -> None:
        keys = [self._key(key) for key in self.keys(prefix)]
        for start in range(0, len(keys), 1000):  # DeleteObjects takes 1,000 keys at most
            batch = [{"Key": key} for key in keys[start : start + 1000]]
            self._call(
                "delete from",
                self.client.delete_objects,
                Bucket=self.bucket,
                Delete={"Objects": batch, "Quiet": True},
            )

    def keys(self, prefix: str = "") -> list[str]:
        paginator = self.client.get_paginator("list_objects_v2")
        pages = self._call(
            "list", lambda: list(paginator.paginate(Bucket=self.bucket, Prefix=self._key(prefix)))
        )
        found = [item["Key"] for page in pages for item in page.get("Contents", [])]
        return sorted(key[len(self.prefix) :] for key in found)


def s3_client(
    endpoint_url: str | None = None,
    region: str | None = None,
    access_key_id: str | None = None,
    secret_access_key: str | None = None,
) -> Any:
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint_url or None,
        region_name=region or None,
        aws_access_key_id=access_key_id or None,
        aws_secret_access_key=secret_access_key or None,
    )


def open_storage(
    storage_url: str | None,
    data_dir: Path | str,
    *,
    s3_endpoint_url: str | None = None,
    s3_region: str | None = None,
    s3_access_key_id: str | None = None,
    s3_secret_access_key: str | None = None,
) -> UploadStorage:
    """The store `storage_url` names (see the module docstring)."""
    if not storage_url:
        return LocalStorage(uploads_root(data_dir))
    parts = urlsplit(storage_url)
    if parts.scheme == "file":
        return LocalStorage(Path(parts.path))
    if parts.scheme == "s3" and parts.netloc:
        client = s3_client(s3_endpoint_url, s3_region, s3_access_key_id, s3_secret_access_key)
        return S3Storage(parts.netloc, parts.path, client)
    raise StorageError(
        f"MI_STORAGE_URL {storage_url!r}: expected file:///directory or s3://bucket[/prefix]"
    )
