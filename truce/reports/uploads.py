"""Where an upload too large to hold in memory waits while it is received: ``evidence/incoming`` in
TRUCE_HOME, not the system's temporary folder.

Django's own handler spools such uploads (over FILE_UPLOAD_MAX_MEMORY_SIZE) into ``/tmp``; a server killed
mid-upload leaves the partial file there, a copy of confidential evidence outside the private data folder,
which no backup covers and ``truce record check`` never sees. Spooled into ``evidence/incoming`` instead, it
is private like the rest of the store (umask 077) and, if a crash leaves it, reported by
``truce record check`` (``truce.record.check``). Listed in settings.FILE_UPLOAD_HANDLERS.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

from django.core.files.uploadedfile import TemporaryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, TemporaryFileUploadHandler

from truce.reports import evidence_store


class _SpooledInIncoming(TemporaryUploadedFile):
    def __init__(self, name: str | None, content_type: str | None, charset: str | None, extra: Any) -> None:
        folder = evidence_store.root() / "incoming"
        folder.mkdir(parents=True, exist_ok=True)
        _, ext = os.path.splitext(name or "")
        # Closed (and so removed) by the request when it is done with the upload, as Django does its own.
        file = tempfile.NamedTemporaryFile(suffix=".upload" + ext, dir=folder)  # noqa: SIM115
        UploadedFile.__init__(self, file, name, content_type, 0, charset, extra)


class IncomingUploadHandler(TemporaryFileUploadHandler):
    def new_file(self, *args: Any, **kwargs: Any) -> None:
        FileUploadHandler.new_file(self, *args, **kwargs)
        self.file = _SpooledInIncoming(
            self.file_name, self.content_type, self.charset, self.content_type_extra
        )
