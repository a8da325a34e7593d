"""Cleaning a redacted rendition before it is stored: an image is re-rendered from its pixels alone, so
no metadata (EXIF with GPS position, camera serial, time; XMP; comments; embedded thumbnails, which
may show what the redaction hid) reaches the other side. Other files are kept as uploaded: the filer
made the redacted document and answers for it."""

from __future__ import annotations

import io

from PIL import Image, ImageOps, UnidentifiedImageError

# Modes PNG stores as they are; any other (CMYK, palette, YCbCr…) is converted to RGBA.
_PNG_MODES = {"1", "L", "LA", "I", "I;16", "RGB", "RGBA"}


def clean(data: bytes) -> tuple[bytes, str] | None:
    """(re-rendered bytes, media type) when ``data`` is an image Pillow reads, else None.
    A JPEG stays a JPEG; every other image becomes a PNG. Orientation from EXIF is applied to the
    pixels first, so dropping EXIF does not turn the picture on its side."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            source_format = image.format
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        return None
    jpeg = source_format == "JPEG"
    if jpeg:
        mode = "L" if upright.mode == "L" else "RGB"
    else:
        mode = upright.mode if upright.mode in _PNG_MODES else "RGBA"
    if upright.mode != mode:
        upright = upright.convert(mode)
    # A new image from the raw pixels carries no info dict at all: nothing to forget to strip.
    bare = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    out = io.BytesIO()
    if jpeg:
        bare.save(out, "JPEG", quality=92)
        return out.getvalue(), "image/jpeg"
    bare.save(out, "PNG")
    return out.getvalue(), "image/png"
