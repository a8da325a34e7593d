"""What an uploaded file's first bytes say it is, against what the uploader declared (its media type, else
its file name's extension). A file declared ``image/jpeg`` whose bytes are a PDF or an HTML page is refused,
naming what it looks like: a mislabelled file misleads whoever opens it later, and an HTML page or a
program disguised as a photograph is how a hostile party would try to reach a mediator's machine.

A short signature table rather than a library: the kept pure-Python ones (``filetype``, ``puremagic``)
recognise binary formats by their magic numbers but not HTML or SVG pages, the disguise that matters most
here, and the table below is all this check needs. Bytes that match no signature (plain text, CSV, formats
not listed) are accepted whatever they are declared as: the check refuses only a proven contradiction.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy

from truce.errors import FieldProblem

HEAD_BYTES = 4096

_MARKUP = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|script|iframe)\b",
    re.IGNORECASE | re.DOTALL,
)
_SVG = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+svg[^>]*>\s*)?<svg\b",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class Kind:
    name: Any  # for people, in the reader's language: "a PDF document"
    media_type: str  # what to declare instead
    fits: tuple[str, ...]  # declared types (or type/ prefixes) these bytes may honestly carry
    matches: Callable[[bytes], bool]


KINDS = (
    Kind(
        gettext_lazy("a PDF document"),
        "application/pdf",
        ("application/pdf", "application/x-pdf"),
        lambda h: h.startswith(b"%PDF-"),
    ),
    Kind(
        gettext_lazy("an HTML page"),
        "text/html",
        ("text/html", "application/xhtml+xml"),
        lambda h: bool(_MARKUP.match(h)),
    ),
    Kind(gettext_lazy("an SVG drawing"), "image/svg+xml", ("image/svg+xml",), lambda h: bool(_SVG.match(h))),
    Kind(
        gettext_lazy("a PNG image"),
        "image/png",
        ("image/png", "image/apng"),
        lambda h: h.startswith(b"\x89PNG\r\n\x1a\n"),
    ),
    Kind(
        gettext_lazy("a JPEG image"),
        "image/jpeg",
        ("image/jpeg", "image/pjpeg", "image/jpg"),
        lambda h: h.startswith(b"\xff\xd8\xff"),
    ),
    Kind(gettext_lazy("a GIF image"), "image/gif", ("image/gif",), lambda h: h[:6] in (b"GIF87a", b"GIF89a")),
    Kind(
        gettext_lazy("a WebP image"),
        "image/webp",
        ("image/webp",),
        lambda h: h[:4] == b"RIFF" and h[8:12] == b"WEBP",
    ),
    Kind(
        gettext_lazy("a WAV recording"),
        "audio/wav",
        ("audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"),
        lambda h: h[:4] == b"RIFF" and h[8:12] == b"WAVE",
    ),
    Kind(
        gettext_lazy("a TIFF image"),
        "image/tiff",
        ("image/tiff",),
        lambda h: h[:4] in (b"II*\x00", b"MM\x00*"),
    ),
    # ISO media (MP4, QuickTime, 3GP, M4A, HEIC/AVIF photographs) share the ftyp box.
    Kind(
        gettext_lazy("an MP4/QuickTime video"),
        "video/mp4",
        ("video/", "audio/mp4", "audio/x-m4a", "audio/3gpp", "image/heic", "image/heif", "image/avif"),
        lambda h: h[4:8] == b"ftyp",
    ),
    Kind(
        gettext_lazy("a WebM/Matroska video"),
        "video/webm",
        ("video/", "audio/webm"),
        lambda h: h.startswith(b"\x1aE\xdf\xa3"),
    ),
    Kind(
        gettext_lazy("an Ogg recording"),
        "audio/ogg",
        ("audio/ogg", "video/ogg", "application/ogg", "audio/opus"),
        lambda h: h.startswith(b"OggS"),
    ),
    Kind(
        gettext_lazy("an MP3 recording"),
        "audio/mpeg",
        ("audio/mpeg", "audio/mp3"),
        lambda h: h.startswith(b"ID3"),
    ),
    # Office and OpenDocument files, EPUB and KMZ are ZIP archives too.
    Kind(
        gettext_lazy("a ZIP archive"),
        "application/zip",
        ("application/zip", "application/x-zip-compressed", "application/vnd.", "application/epub+zip"),
        lambda h: h.startswith(b"PK\x03\x04"),
    ),
    Kind(
        gettext_lazy("a Windows program"),
        "application/vnd.microsoft.portable-executable",
        (
            "application/vnd.microsoft.portable-executable",
            "application/x-msdownload",
            "application/x-dosexec",
        ),
        lambda h: h.startswith(b"MZ"),
    ),
    Kind(
        gettext_lazy("a Linux program"),
        "application/x-executable",
        ("application/x-executable", "application/x-elf"),
        lambda h: h.startswith(b"\x7fELF"),
    ),
)

# Declared types that promise nothing about the bytes.
_UNSPECIFIC = {"", "application/octet-stream", "binary/octet-stream", "application/unknown"}


def looks_like(head: bytes) -> Kind | None:
    return next((kind for kind in KINDS if kind.matches(head)), None)


def declared_type(media_type: str, filename: str) -> str:
    """The declared media type, or the one the file name's extension implies when none was given."""
    declared = media_type.split(";", 1)[0].strip().lower()
    if declared in _UNSPECIFIC and filename:
        declared = (mimetypes.guess_type(filename, strict=False)[0] or "").lower()
    return declared


def mismatch(media_type: str, filename: str, head: bytes) -> FieldProblem | None:
    """The file's problem when its first bytes prove it is not what it was declared to be, else None."""
    declared = declared_type(media_type, filename)
    kind = looks_like(head)
    if kind is None or declared in _UNSPECIFIC:
        return None
    if any(declared == fit or (fit.endswith(("/", ".")) and declared.startswith(fit)) for fit in kind.fits):
        return None
    params = {"file": repr(filename), "declared": declared, "kind": kind.name, "media_type": kind.media_type}
    if filename:
        template = gettext_lazy(
            "%(file)s is declared as %(declared)s but its bytes are %(kind)s; check that it is the file you "
            "meant, or upload it as %(media_type)s"
        )
    else:
        template = gettext_lazy(
            "declared as %(declared)s but its bytes are %(kind)s; check that it is the file you meant, or "
            "upload it as %(media_type)s"
        )
    return FieldProblem.marked("file", template, params)
