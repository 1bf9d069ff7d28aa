"""The blob store named by the settings: the data folder's uploads/, or an object store."""

from __future__ import annotations

from kneecap.adapters.storage.local import LocalBlobStore
from kneecap.config import Settings
from kneecap.ports.storage import BlobStore


def blob_store(settings: Settings) -> BlobStore:
    """What every area keeps its uploads in (KNEECAP_BLOB_URL); the backup reads the same."""
    if settings.blob_url and settings.blob_url.startswith("s3://"):
        from kneecap.adapters.storage.s3 import S3BlobStore  # boto3 loads only when used

        return S3BlobStore(settings.blob_url, settings.s3_endpoint_url)
    return LocalBlobStore(settings.uploads_dir)
