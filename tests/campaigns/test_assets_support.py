"""Shared helpers of the upload and asset tests (no tests of its own).

Files are made in memory with Pillow, small enough that each test stays fast.
Fixtures are imported by test modules as ``*_fixture`` (pytest knows them by name).
"""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from campaigns import services
from tests.factories import CampaignFactory

GPS_IFD = 0x8825
ORIENTATION = 0x0112
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = b"<html><script>alert(document.cookie)</script></html>"


def encode(image: Image.Image, image_format: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, image_format, **options)
    return out.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def two_colour(size=(40, 20), mode="RGB") -> Image.Image:
    """Left half red, right half blue: which way up it is can be read back."""
    image = Image.new(mode, size, "red")
    image.paste("blue", (size[0] // 2, 0, size[0], size[1]))
    return image


def gps_exif(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x0132] = "2024:02:14 07:00:00"  # DateTime
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "S"  # GPSLatitudeRef
    gps[2] = (6.0, 58.0, 30.0)  # GPSLatitude: Semarang
    gps[3] = "E"
    gps[4] = (110.0, 25.0, 0.0)
    if orientation:
        exif[ORIENTATION] = orientation
    return exif


def jpeg_with_gps(orientation: int | None = None, size=(40, 20)) -> bytes:
    return encode(two_colour(size), "JPEG", exif=gps_exif(orientation), quality=95)


def png_bytes(size=(32, 24), colour="green", mode="RGB") -> bytes:
    return encode(Image.new(mode, size, colour), "PNG")


def declared_size_png(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height``: a decompression bomb."""
    data = bytearray(png_bytes((1, 1)))
    # Signature (8), then the IHDR chunk: length (4), type (4), data (13), CRC (4).
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def opened(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


def files_under(root: Path) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()]


@pytest.fixture(name="english", autouse=False)
def english_fixture():
    """Messages in English, whatever the default language."""
    with translation.override("en"):
        yield


@pytest.fixture(name="media_root")
def media_root_fixture(settings, tmp_path) -> Path:
    """A fresh, private MEDIA_ROOT for the test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def brief_at(tree, code: str = "33", **fields):
    """A draft brief of the unit ``code``."""
    return CampaignFactory(satker=tree(code), **fields)


def publish(brief, make_user):
    services.campaign_publish(campaign=brief, by=make_user(brief.satker.code, "approver"))
    brief.refresh_from_db()
    return brief


def close(brief, make_user):
    services.campaign_close(campaign=brief, by=make_user(brief.satker.code, "approver"))
    brief.refresh_from_db()
    return brief
