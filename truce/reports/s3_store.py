"""Evidence in an S3-compatible bucket (``TRUCE_EVIDENCE_STORE=s3``): the local store's names as object
keys, ``originals/ab/cd/<sha256>`` and ``renditions/<original>/<sha256>``, under ``TRUCE_S3_PREFIX``.

Write-once as on disk. A file is spooled and hashed in the local ``evidence/incoming/`` first; if its key
already holds an object, that object is checked (size and SHA-256) and kept, never replaced; otherwise it is
uploaded with ``If-None-Match: *`` (a server that honours it refuses to replace an object another process
wrote meanwhile) and its SHA-256 checksum (the server refuses bytes that do not match), then read back
with a HEAD: ``put`` returns only once the object is there with this size and hash, and callers commit the
row naming it after that. An object under a file's key with other bytes is never overwritten: ``put``
fails naming it. boto3 is an optional dependency (``pip install 'truce[s3]'``); credentials come from the
usual AWS variables (``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_DEFAULT_REGION``, a profile or
an instance role).
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO

from django.conf import settings

from truce.reports.evidence_store import EvidenceStoreError, Stored, spool

MISSING_BOTO3 = (
    "TRUCE_EVIDENCE_STORE=s3 needs boto3, which is not installed: install Truce with its s3 extra "
    "(pip install 'truce[s3]'), or set TRUCE_EVIDENCE_STORE=local"
)
_clients: dict[str, Any] = {}


def configured_store() -> S3EvidenceStore:
    bucket = (getattr(settings, "TRUCE_S3_BUCKET", "") or "").strip()
    if not bucket:
        raise EvidenceStoreError("TRUCE_EVIDENCE_STORE=s3 needs TRUCE_S3_BUCKET, the bucket's name")
    endpoint = (getattr(settings, "TRUCE_S3_ENDPOINT_URL", "") or "").strip()
    prefix = getattr(settings, "TRUCE_S3_PREFIX", "") or ""
    return S3EvidenceStore(bucket, endpoint_url=endpoint or None, prefix=prefix)


def _client(endpoint_url: str | None) -> Any:
    """One client per endpoint and process (boto3 clients are thread-safe and slow to make)."""
    try:
        import boto3
        from botocore.config import Config
    except ImportError as exc:
        raise EvidenceStoreError(MISSING_BOTO3) from exc
    key = endpoint_url or ""
    if key not in _clients:
        _clients[key] = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            config=Config(retries={"max_attempts": 5, "mode": "standard"}),
        )
    return _clients[key]


class _ObjectReader(io.RawIOBase):
    """A downloaded object's body as a plain binary file (read, readinto, context manager, close)."""

    def __init__(self, body: Any) -> None:
        self.body = body

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.body.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self.body.close()
        super().close()


class S3EvidenceStore:
    def __init__(self, bucket: str, *, endpoint_url: str | None = None, prefix: str = "") -> None:
        self.bucket = bucket
        self.endpoint_url = endpoint_url
        self.prefix = prefix
        self.client = _client(endpoint_url)

    @property
    def location(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}" + (f" at {self.endpoint_url}" if self.endpoint_url else "")

    def _key(self, name: str) -> str:
        return self.prefix + name

    def _error(self, what: str, name: str, exc: Exception) -> EvidenceStoreError:
        return EvidenceStoreError(f"evidence store s3://{self.bucket}/{self._key(name)}: {what}: {exc}")

    def _head(self, name: str) -> dict[str, Any] | None:
        from botocore.exceptions import ClientError

        try:
            return dict(
                self.client.head_object(Bucket=self.bucket, Key=self._key(name), ChecksumMode="ENABLED")
            )
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise self._error("cannot read the object's headers", name, exc) from exc

    def _check(self, name: str, head: dict[str, Any], sha: str, size: int) -> None:
        """The object under ``name`` holds these bytes: its size, and its SHA-256 (the checksum S3 keeps,
        else the metadata Truce wrote)."""
        checksum = head.get("ChecksumSHA256")
        stored_sha = base64.b64decode(checksum).hex() if checksum else head.get("Metadata", {}).get("sha256")
        if head.get("ContentLength") != size or stored_sha != sha:
            raise EvidenceStoreError(
                f"evidence store s3://{self.bucket}/{self._key(name)} holds other bytes than the file "
                f"named by it ({head.get('ContentLength')} bytes, SHA-256 {stored_sha or 'unknown'}; "
                f"expected {size} bytes, {sha}): it was not overwritten; investigate who wrote it"
            )

    def put(self, chunks: Iterable[bytes], *, limit: int, name_of: Callable[[str], str]) -> Stored:
        from botocore.exceptions import BotoCoreError, ClientError

        # Not fsync'd: the upload, not this spool file, is what the committed row will rely on.
        tmp, sha, size = spool(chunks, limit=limit, durable=False)
        name = name_of(sha)
        try:
            head = self._head(name)
            if head is None:
                with tmp.open("rb") as body:
                    try:
                        self.client.put_object(
                            Bucket=self.bucket,
                            Key=self._key(name),
                            Body=body,
                            ContentLength=size,
                            ChecksumSHA256=base64.b64encode(bytes.fromhex(sha)).decode(),
                            Metadata={"sha256": sha},
                            IfNoneMatch="*",
                        )
                    except ClientError as exc:
                        # Another process stored the same key meanwhile: checked below like any other.
                        if exc.response.get("Error", {}).get("Code") not in (
                            "PreconditionFailed",
                            "ConditionalRequestConflict",
                        ):
                            raise self._error("the upload was refused", name, exc) from exc
                    except BotoCoreError as exc:
                        raise self._error("the upload failed", name, exc) from exc
                head = self._head(name)
                if head is None:
                    raise EvidenceStoreError(
                        f"evidence store s3://{self.bucket}/{self._key(name)}: the upload was acknowledged "
                        "but the object is not there"
                    )
            self._check(name, head, sha, size)
            return Stored(sha256=sha, size=size)
        finally:
            tmp.unlink(missing_ok=True)

    def open(self, name: str) -> BinaryIO:
        from botocore.exceptions import ClientError

        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._key(name))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                raise FileNotFoundError(f"s3://{self.bucket}/{self._key(name)}") from exc
            raise self._error("cannot download the object", name, exc) from exc
        return io.BufferedReader(_ObjectReader(answer["Body"]), buffer_size=1024 * 1024)  # type: ignore[return-value]

    def exists(self, name: str) -> bool:
        return self._head(name) is not None

    def size(self, name: str) -> int:
        head = self._head(name)
        if head is None:
            raise FileNotFoundError(f"s3://{self.bucket}/{self._key(name)}")
        return int(head["ContentLength"])

    def names(self) -> Iterator[str]:
        paginator = self.client.get_paginator("list_objects_v2")
        for part in ("originals/", "renditions/"):
            for page in paginator.paginate(Bucket=self.bucket, Prefix=self._key(part)):
                for item in page.get("Contents", []):
                    yield item["Key"][len(self.prefix) :]
