"""Which downloaded Notion files may be published, decided from their bytes (never the name or header).

A file's name and Content-Type are chosen by whoever uploaded it: `evil.html`, `logo.svg` or a `notes.md`
would run scripts or become site pages. Only the kinds below are published, each under an extension
kbgen picks from the content, so a downloaded file can never be HTML, SVG, Markdown or a script.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from kbgen.content.article import slugify

MAX_STEM = 60
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Word/Excel/PowerPoint
_LEGACY_OFFICE = (".doc", ".xls", ".ppt")
_OOXML_FOLDERS = (("word/", ".docx"), ("xl/", ".xlsx"), ("ppt/", ".pptx"))
_OPEN_DOCUMENT = {
    b"application/vnd.oasis.opendocument.text": ".odt",
    b"application/vnd.oasis.opendocument.spreadsheet": ".ods",
    b"application/vnd.oasis.opendocument.presentation": ".odp",
}
_NOT_VIDEO_BRANDS = (b"heic", b"heix", b"mif1", b"msf1", b"avif", b"avis", b"qt  ")
_MARKUP = re.compile(rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|meta|\?xml)\b", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

IMAGE_EXTENSIONS = frozenset({".png", ".jpg", ".gif", ".webp"})
ALLOWED_KINDS = "images (PNG, JPEG, GIF, WebP), PDF, MP4/WebM video, MP3/M4A audio, plain text, office files"


@dataclass(frozen=True)
class FileType:
    extension: str  # what the saved file is called, from its content
    description: str  # for messages: "a PNG image"


def sniff(data: bytes, declared_name: str = "") -> FileType | None:
    """The publishable type of `data`, or None when it is not on the allow-list (HTML, SVG, archives...)."""
    head = data[:64]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType(".png", "a PNG image")
    if head.startswith(b"\xff\xd8\xff"):
        return FileType(".jpg", "a JPEG image")
    if head.startswith((b"GIF87a", b"GIF89a")):
        return FileType(".gif", "a GIF image")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return FileType(".webp", "a WebP image")
    if head.startswith(b"%PDF-"):
        return FileType(".pdf", "a PDF document")
    if head[4:8] == b"ftyp" and head[8:12] == b"M4A ":
        return FileType(".m4a", "an M4A audio file")
    if head[4:8] == b"ftyp" and head[8:12] not in _NOT_VIDEO_BRANDS:
        return FileType(".mp4", "an MP4 video")
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in data[:4096]:
        return FileType(".webm", "a WebM video")
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return FileType(".mp3", "an MP3 audio file")
    if head.startswith(b"PK\x03\x04"):
        return _office_archive(data)
    if head.startswith(_OLE2):
        suffix = declared_name.lower().rsplit(".", 1)[-1] if "." in declared_name else ""
        extension = f".{suffix}" if f".{suffix}" in _LEGACY_OFFICE else ".doc"
        return FileType(extension, "an office document")
    return _plain_text(data)


def describe_refused(data: bytes) -> str:
    """A few words on what a refused file looks like, for the editor's warning."""
    if _MARKUP.search(data[:4096]) or data.lstrip()[:1] == b"<":
        return "HTML, SVG or XML"
    if data.startswith(b"PK\x03\x04"):
        return "a ZIP archive"
    return "not a type kbgen publishes"


def readable_name(original: str, data_hash: str, file_type: FileType, fallback: str) -> str:
    """`move-out-checklist-1a2b3c4d.pdf` for "Move-out checklist.pdf": readable, safe, stable per content."""
    stem = original.rsplit(".", 1)[0] if "." in original.lstrip(".") else original
    slug = slugify(stem)[:MAX_STEM].strip("-") or fallback
    return f"{slug}-{data_hash[:8]}{file_type.extension}"


def _office_archive(data: bytes) -> FileType | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                extension = _OPEN_DOCUMENT.get(archive.read("mimetype").strip())
                return FileType(extension, "an office document") if extension else None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for folder, extension in _OOXML_FOLDERS:
        if any(name.startswith(folder) for name in names):
            return FileType(extension, "an office document")
    return None


def _plain_text(data: bytes) -> FileType | None:
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if _CONTROL.search(decoded) or decoded.lstrip()[:1] == "<" or _MARKUP.search(data):
        return None
    return FileType(".txt", "a plain-text file")
