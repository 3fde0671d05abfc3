"""Upload storage: local disk by default, S3-compatible object storage as the option.

The S3 tests run boto3 (the product's client) against moto's S3 server on loopback: an
upload is stored there, read back by the pipeline's ingestion assets, and the seller's
objects go on erasure.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer
from pydantic import SecretStr
from sqlalchemy import text

from mi_core.storage import (
    LocalStorage,
    S3Storage,
    StorageError,
    open_storage,
    seller_prefix,
    stored_path_for,
)

BUCKET = "mi-uploads"
KEYS = {"MI_S3_ACCESS_KEY_ID": "testing", "MI_S3_SECRET_ACCESS_KEY": "testing-secret"}


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server):
    """A fresh bucket per test, made with a client of its own (not the product's)."""
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing-secret",
    )
    name = f"{BUCKET}-{uuid.uuid4().hex[:8]}"
    client.create_bucket(Bucket=name)
    return client, name


@pytest.fixture
def s3_settings(settings, s3_server, bucket):
    _, name = bucket
    return settings.model_copy(
        update={
            "storage_url": f"s3://{name}/uploads",
            "s3_endpoint_url": s3_server,
            "s3_region": "us-east-1",
            "s3_access_key_id": KEYS["MI_S3_ACCESS_KEY_ID"],
            "s3_secret_access_key": SecretStr(KEYS["MI_S3_SECRET_ACCESS_KEY"]),
        }
    )


def objects(bucket) -> list[str]:
    client, name = bucket
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=name).get("Contents", []))


def file_with(tmp_path: Path, content: bytes, name: str = "report.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


# ---------------------------------------------------------------------------- the interface


@pytest.fixture(params=["local", "s3"])
def storage(request, tmp_path, s3_server, bucket):
    if request.param == "local":
        return LocalStorage(tmp_path / "store")
    _, name = bucket
    return open_storage(
        f"s3://{name}/some/prefix",
        tmp_path,
        s3_endpoint_url=s3_server,
        s3_region="us-east-1",
        s3_access_key_id="testing",
        s3_secret_access_key="testing-secret",
    )


def test_a_saved_file_is_read_back_and_deleted(storage, tmp_path):
    seller = uuid.uuid4()
    key = stored_path_for(seller, uuid.uuid4())
    source = file_with(tmp_path, b"Item Id,Sold Date\n1,2024-01-01\n")

    storage.save(key, source)

    assert not source.exists()  # consumed: nothing left behind in the incoming directory
    assert storage.exists(key)
    with storage.local_copy(key) as path:
        assert path.read_bytes() == b"Item Id,Sold Date\n1,2024-01-01\n"
    assert storage.keys(seller_prefix(seller)) == [key]
    storage.delete(key)
    assert not storage.exists(key)
    storage.delete(key)  # deleting again is not an error


def test_deleting_a_sellers_prefix_leaves_other_sellers(storage, tmp_path):
    erased, kept = uuid.uuid4(), uuid.uuid4()
    erased_keys = [stored_path_for(erased, uuid.uuid4()) for _ in range(3)]
    kept_key = stored_path_for(kept, uuid.uuid4())
    for index, key in enumerate([*erased_keys, kept_key]):
        storage.save(key, file_with(tmp_path, b"x", f"f{index}.csv"))

    storage.delete_prefix(seller_prefix(erased))

    assert storage.keys() == [kept_key]


def test_s3_keys_live_under_the_url_prefix(bucket, s3_server, tmp_path):
    _, name = bucket
    storage = open_storage(
        f"s3://{name}/deep/prefix/",
        tmp_path,
        s3_endpoint_url=s3_server,
        s3_region="us-east-1",
        s3_access_key_id="testing",
        s3_secret_access_key="testing-secret",
    )
    assert isinstance(storage, S3Storage)
    storage.save("a/b.csv", file_with(tmp_path, b"x"))
    assert objects(bucket) == ["deep/prefix/a/b.csv"]


def test_unset_means_the_local_uploads_directory(tmp_path):
    assert open_storage(None, tmp_path) == LocalStorage(tmp_path / "uploads")
    assert open_storage("file:///srv/uploads", tmp_path) == LocalStorage(Path("/srv/uploads"))


def test_an_unknown_storage_url_is_a_clear_error(tmp_path):
    with pytest.raises(StorageError, match="MI_STORAGE_URL"):
        open_storage("ftp://example.com/x", tmp_path)


def test_a_bucket_that_does_not_exist_is_a_clear_error(s3_server, tmp_path):
    storage = open_storage(
        "s3://no-such-bucket",
        tmp_path,
        s3_endpoint_url=s3_server,
        s3_region="us-east-1",
        s3_access_key_id="testing",
        s3_secret_access_key="testing-secret",
    )
    with pytest.raises(StorageError, match="no-such-bucket"):
        storage.save("a.csv", file_with(tmp_path, b"x"))


# ---------------------------------------------------------------------------- the product


def test_an_upload_goes_to_s3_is_read_by_the_pipeline_and_erased(
    s3_settings, bucket, seller, sample_report, engine, instance
):
    from dagster import materialize

    from mi_core.db import session_scope
    from mi_core.erasure import erase_seller
    from mi_core.models import User
    from mi_core.upload_status import PendingUpload
    from mi_core.uploads import register_upload_file
    from orchestration.assets.ingest import ingestion_assets
    from orchestration.partitions import seller_partitions
    from orchestration.resources import UploadStorageResource, default_warehouse
    from orchestration.sensors import upload_run_request
    from tests.pipeline_helpers import give_plan

    give_plan(seller.id)
    with session_scope() as session:
        upload = register_upload_file(
            session, s3_settings, session.get(User, seller.id), sample_report
        )
        upload_id, stored_path = upload.id, upload.stored_path
    assert objects(bucket) == [f"uploads/{stored_path}"]
    assert not (s3_settings.uploads_dir / str(seller.id)).exists()  # nothing on local disk

    request = upload_run_request(PendingUpload(upload_id, seller.id))
    instance.add_dynamic_partitions(seller_partitions.name, [str(seller.id)])
    storage = UploadStorageResource(
        data_dir=str(s3_settings.data_dir),
        storage_url=s3_settings.storage_url,
        s3_endpoint_url=s3_settings.s3_endpoint_url,
        s3_region=s3_settings.s3_region,
        s3_access_key_id=s3_settings.s3_access_key_id,
        s3_secret_access_key=s3_settings.s3_secret_access_key.get_secret_value(),
    )
    result = materialize(
        ingestion_assets,
        instance=instance,
        partition_key=request.partition_key,
        tags=request.tags,
        resources={"warehouse": default_warehouse(), "upload_storage": storage},
    )
    assert result.success
    with engine.connect() as conn:
        rows = conn.execute(
            text("select count(*) from raw.sales_report_rows where upload_id = :u"),
            {"u": upload_id},
        ).scalar_one()
    assert rows > 0

    with session_scope() as session:
        erase_seller(session, s3_settings, seller.id)
    assert objects(bucket) == []


def test_a_refused_upload_leaves_nothing_in_the_bucket(s3_settings, bucket, seller, tmp_path):
    from mi_core.db import session_scope
    from mi_core.models import User
    from mi_core.sales_report import ReportError
    from mi_core.uploads import check_report_header, register_upload
    from tests.pipeline_helpers import give_plan

    give_plan(seller.id)
    wrong = file_with(tmp_path, b"not,a,sales,report\n1,2,3,4\n")
    with session_scope() as session, pytest.raises(ReportError), wrong.open("rb") as stream:
        register_upload(
            session,
            s3_settings,
            session.get(User, seller.id),
            stream,
            wrong.name,
            check=lambda path: check_report_header(path, wrong.name),
        )
    assert objects(bucket) == []
    assert list(s3_settings.incoming_dir.glob("*.partial")) == []
