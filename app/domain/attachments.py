"""What may be attached to a plan, judged by the file's content, never its name."""

from __future__ import annotations

import io
from dataclasses import dataclass

import filetype
from PIL import Image, ImageOps, UnidentifiedImageError

from app.i18n import _

ALLOWED: dict[str, str] = {
    "image/jpeg": "image",
    "image/png": "image",
    "image/gif": "image",
    "image/webp": "image",
    "audio/mpeg": "audio",
    "audio/mp4": "audio",
    "audio/x-m4a": "audio",
    "audio/ogg": "audio",
    "audio/x-wav": "audio",
    "audio/wav": "audio",
    "audio/webm": "audio",
    "video/mp4": "video",
    "video/webm": "video",
    "video/quicktime": "video",
    "application/pdf": "document",
}
SERVED_TYPES = {"audio/x-m4a": "audio/mp4", "audio/x-wav": "audio/wav"}
MAX_ALT_TEXT = 1000
MAX_FILENAME = 255


@dataclass(frozen=True)
class Accepted:
    content: bytes
    content_type: str
    kind: str


class Refused(ValueError):
    """The file cannot be attached; the message says why, in plain words."""


def identify(content: bytes) -> tuple[str, str]:
    """The real type of a file from its first bytes: (content type, kind), or Refused."""
    guess = filetype.guess(content[:8192])
    if guess is None or guess.mime not in ALLOWED:
        raise Refused(
            _(
                "The selected file must be a picture (JPG, PNG, GIF, WebP), a recording (MP3, M4A, OGG, WAV), "
                "a video (MP4, WebM, MOV) or a PDF"
            )
        )
    return SERVED_TYPES.get(guess.mime, guess.mime), ALLOWED[guess.mime]


def strip_image_metadata(content: bytes, content_type: str) -> bytes:
    """Removes EXIF (including where a photo was taken), keeping the picture the right way up."""
    if content_type == "image/gif":
        return content
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image) or image
            output = io.BytesIO()
            format_name = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}[content_type]
            options: dict[str, object] = {"quality": 92} if format_name in ("JPEG", "WEBP") else {}
            if format_name == "JPEG" and upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            icc = image.info.get("icc_profile")
            if icc:
                options["icc_profile"] = icc
            upright.save(output, format=format_name, **options)
            return output.getvalue()
    except (UnidentifiedImageError, OSError, KeyError, Image.DecompressionBombError) as error:
        raise Refused(_("The selected picture could not be read. Try saving it again as a JPG or PNG")) from error


def accept(content: bytes, max_bytes: int) -> Accepted:
    if not content:
        raise Refused(_("The selected file is empty"))
    if len(content) > max_bytes:
        raise Refused(_("The selected file must be smaller than %(size)s MB", size=max_bytes // (1024 * 1024)))
    content_type, kind = identify(content)
    if kind == "image":
        content = strip_image_metadata(content, content_type)
    return Accepted(content=content, content_type=content_type, kind=kind)


def safe_filename(name: str) -> str:
    """A display name without paths or control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|*?:').strip(". ")
    return (cleaned or "file")[:MAX_FILENAME]
