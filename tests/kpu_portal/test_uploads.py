"""kpu_portal.uploads: the one pipeline for brief assets and (later) post media.

No database: each test makes a small file in memory, passes it through
clean_image or clean_pdf, and reads the result back with Pillow.
"""

import time

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageCms

from kpu_portal import uploads
from tests.campaigns.test_assets_support import (
    GPS_IFD,
    HTML,
    PDF,
    declared_size_png,
    encode,
    english_fixture,  # noqa: F401
    gps_exif,
    jpeg_with_gps,
    opened,
    png_bytes,
    two_colour,
    upload,
)

pytestmark = pytest.mark.usefixtures("english")


def refused(clean, name: str, content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        clean(upload(name, content))
    return caught.value


# --- Metadata: EXIF and GPS gone, orientation applied ----------------------------------


def test_a_jpeg_with_gps_exif_is_stored_without_any_exif():
    original = jpeg_with_gps()
    assert opened(original).getexif().get_ifd(GPS_IFD)  # the fixture does carry GPS

    cleaned = uploads.clean_image(upload("rapat.jpg", original))

    stored = opened(cleaned.content)
    assert stored.format == "JPEG"
    assert stored.size == (40, 20)
    assert not stored.getexif()
    assert "exif" not in stored.info
    assert b"Exif" not in cleaned.content
    assert b"Canon" not in cleaned.content
    assert (cleaned.content_type, cleaned.extension) == ("image/jpeg", "jpg")


def test_an_exif_rotated_photo_is_stored_upright():
    # Stored 40x20 with "rotate 90 degrees clockwise to show" (orientation 6): the
    # left (red) half belongs at the top once upright.
    cleaned = uploads.clean_image(upload("miring.jpg", jpeg_with_gps(orientation=6)))

    stored = opened(cleaned.content)
    assert stored.size == (20, 40)
    assert (cleaned.width, cleaned.height) == (20, 40)
    red, _green, blue = stored.getpixel((10, 5))
    assert red > 200 and blue < 60
    red, _green, blue = stored.getpixel((10, 35))
    assert blue > 200 and red < 60
    assert not stored.getexif()


def test_a_webp_with_exif_is_stored_without_it():
    original = encode(two_colour(), "WEBP", exif=gps_exif(orientation=6), quality=90)
    assert opened(original).getexif()

    cleaned = uploads.clean_image(upload("foto.webp", original))

    stored = opened(cleaned.content)
    assert stored.format == "WEBP"
    assert stored.size == (20, 40)
    assert not stored.getexif()
    assert b"EXIF" not in cleaned.content


def test_a_png_with_exif_and_text_chunks_is_stored_without_them():
    from PIL.PngImagePlugin import PngInfo

    text = PngInfo()
    text.add_text("Comment", "lokasi: kantor KPU")
    original = encode(two_colour(), "PNG", exif=gps_exif(), pnginfo=text)

    cleaned = uploads.clean_image(upload("grafis.png", original))

    assert b"eXIf" not in cleaned.content
    assert b"tEXt" not in cleaned.content
    assert b"lokasi" not in cleaned.content
    assert not opened(cleaned.content).getexif()


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
def test_a_malformed_exif_block_does_not_stop_the_upload():
    original = encode(two_colour(), "JPEG", exif=b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\xff\xff")
    cleaned = uploads.clean_image(upload("rusak-exif.jpg", original))
    assert opened(cleaned.content).size == (40, 20)


def test_an_embedded_colour_profile_is_not_kept():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    original = encode(two_colour(), "JPEG", icc_profile=profile)
    cleaned = uploads.clean_image(upload("profil.jpg", original))
    assert "icc_profile" not in opened(cleaned.content).info


# --- Decompression bombs -----------------------------------------------------------


def test_a_decompression_bomb_is_refused_quickly_naming_the_file():
    bomb = declared_size_png(30_000, 30_000)
    assert len(bomb) < 200

    started = time.perf_counter()
    error = refused(uploads.clean_image, "bom.png", bomb)

    assert time.perf_counter() - started < 1  # refused from the header, never decoded
    assert error.code == "too_many_pixels"
    assert "bom.png" in error.messages[0]
    assert "pixels" in error.messages[0]


def test_an_image_over_the_pixel_limit_is_refused_with_its_dimensions(settings):
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "image_pixels": 10_000}
    error = refused(uploads.clean_image, "spanduk.png", png_bytes((200, 100)))
    assert error.messages == ["spanduk.png is 200 x 100 pixels; the limit is 10,000 pixels."]


def test_an_image_at_the_pixel_limit_is_accepted(settings):
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "image_pixels": 20_000}
    assert uploads.clean_image(upload("pas.png", png_bytes((200, 100)))).width == 200


# --- What is not an image -----------------------------------------------------------


def test_a_text_file_named_like_a_jpeg_is_refused():
    error = refused(uploads.clean_image, "photo.jpg", b"just some text, not a photo\n" * 20)
    assert error.code == "not_an_image"
    assert error.messages == ["photo.jpg is not a JPEG, PNG or WebP image."]


@pytest.mark.parametrize("image_format", ["GIF", "BMP", "TIFF", "ICO", "PPM"])
def test_other_image_formats_are_refused(image_format):
    content = encode(two_colour(), image_format)
    error = refused(uploads.clean_image, f"gambar.{image_format.lower()}", content)
    assert error.code == "not_an_image"


def test_an_svg_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert refused(uploads.clean_image, "logo.svg", svg).code == "not_an_image"


def test_an_empty_file_is_refused():
    assert refused(uploads.clean_image, "kosong.png", b"").code == "not_an_image"


@pytest.mark.parametrize("image_format", ["JPEG", "PNG"])
def test_a_truncated_image_is_refused_as_damaged(image_format):
    whole = encode(Image.effect_noise((64, 64), 40).convert("RGB"), image_format)
    error = refused(uploads.clean_image, "putus.img", whole[: len(whole) // 2])
    assert error.code == "damaged"
    assert "putus.img" in error.messages[0]


# --- Polyglots: whatever rides along is dropped ----------------------------------------


def test_a_png_with_html_after_its_end_is_re_encoded_without_it():
    polyglot = png_bytes() + HTML
    cleaned = uploads.clean_image(upload("poster.png", polyglot))
    assert b"<script" not in cleaned.content
    assert b"<html" not in cleaned.content
    assert cleaned.content.endswith(b"IEND\xaeB`\x82")
    assert opened(cleaned.content).size == (32, 24)


def test_a_jpeg_comment_carrying_html_is_dropped():
    original = encode(two_colour(), "JPEG", comment=HTML)
    assert HTML in original
    cleaned = uploads.clean_image(upload("komentar.jpg", original))
    assert b"<script" not in cleaned.content


# --- Sizes in bytes ----------------------------------------------------------------------


def test_an_oversize_image_is_refused_with_both_sizes(settings):
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "image_bytes": 2_000}
    content = encode(Image.effect_noise((80, 80), 60).convert("RGB"), "PNG")
    assert len(content) > 4_000

    error = refused(uploads.clean_image, "besar.png", content)

    assert error.code == "too_large"
    message = error.messages[0]
    assert message.startswith("besar.png is ")
    assert "KB" in message
    assert message.endswith("; the limit is 2.0 KB.")


def test_the_default_limit_is_given_in_megabytes(settings):
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "image_bytes": 10_000_000}
    error = refused(uploads.clean_image, "foto.jpg", b"\xff" * 12_500_000)
    assert error.messages == ["foto.jpg is 12.5 MB; the limit is 10.0 MB."]


def test_sizes_that_round_alike_are_given_in_bytes(settings):
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "image_bytes": 1_000_000}
    content = b"\x00" * 1_000_001
    error = refused(uploads.clean_image, "pas-lewat.png", content)
    assert error.messages == ["pas-lewat.png is 1,000,001 bytes; the limit is 1,000,000 bytes."]


def test_an_oversize_pdf_is_refused_with_both_sizes(settings):
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "document_bytes": 1_000}
    error = refused(uploads.clean_pdf, "juknis.pdf", PDF + b"0" * 5_000)
    assert error.code == "too_large"
    assert error.messages == ["juknis.pdf is 5.0 KB; the limit is 1.0 KB."]


# --- PDFs ----------------------------------------------------------------------------


def test_a_pdf_is_kept_as_it_is():
    cleaned = uploads.clean_pdf(upload("juknis.pdf", PDF))
    assert cleaned.content == PDF
    assert (cleaned.content_type, cleaned.extension, cleaned.thumbnail) == (
        "application/pdf",
        "pdf",
        None,
    )


def test_a_file_named_pdf_with_other_content_is_refused():
    error = refused(uploads.clean_pdf, "juknis.pdf", png_bytes())
    assert error.code == "not_a_pdf"
    assert error.messages == ["juknis.pdf is not a PDF document."]


def test_is_pdf_goes_by_the_name_or_the_signature():
    assert uploads.is_pdf(upload("juknis.PDF", b"anything"))
    assert uploads.is_pdf(upload("tanpa-nama", PDF))
    assert not uploads.is_pdf(upload("foto.jpg", png_bytes()))
    probe = upload("tanpa-nama", PDF)
    uploads.is_pdf(probe)
    assert probe.read(5) == b"%PDF-"  # left at the start for the cleaner


# --- Modes and colours -------------------------------------------------------------------


def test_a_palette_png_keeps_its_transparency():
    image = Image.new("P", (20, 20), 0)
    image.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    image.paste(1, (10, 0, 20, 20))
    original = encode(image, "PNG", transparency=0)

    cleaned = uploads.clean_image(upload("ikon.png", original))

    stored = opened(cleaned.content).convert("RGBA")
    assert stored.getpixel((2, 2))[3] == 0  # transparent
    assert stored.getpixel((15, 2)) == (0, 0, 255, 255)
    thumbnail = opened(cleaned.thumbnail).convert("RGBA")
    assert thumbnail.getpixel((2, 2))[3] == 0


def test_an_rgb_png_with_a_transparent_colour_keeps_it():
    original = encode(two_colour(), "PNG", transparency=(255, 0, 0))
    stored = opened(uploads.clean_image(upload("kunci.png", original)).content).convert("RGBA")
    assert stored.getpixel((2, 2))[3] == 0
    assert stored.getpixel((35, 2))[3] == 255


def test_a_cmyk_jpeg_is_stored_as_rgb_with_its_colours():
    cmyk = Image.new("CMYK", (20, 20), (0, 255, 255, 0))  # red ink
    cleaned = uploads.clean_image(upload("cetak.jpg", encode(cmyk, "JPEG", quality=95)))
    stored = opened(cleaned.content)
    assert stored.mode == "RGB"
    red, green, blue = stored.getpixel((10, 10))
    assert red > 200 and green < 60 and blue < 60


def test_a_16_bit_greyscale_png_is_scaled_not_clipped_to_white():
    grey = Image.new("I;16", (256, 1))
    grey.putdata([value * 256 for value in range(256)])
    stored = opened(uploads.clean_image(upload("abu.png", encode(grey, "PNG"))).content)
    assert stored.mode == "L"
    assert stored.getpixel((0, 0)) == 0
    assert 120 <= stored.getpixel((128, 0)) <= 135
    assert stored.getpixel((255, 0)) >= 250


def test_a_camera_jpeg_holding_two_pictures_is_accepted_as_a_jpeg():
    first, second = Image.new("RGB", (30, 20), "red"), Image.new("RGB", (30, 20), "blue")
    mpo = encode(first, "MPO", save_all=True, append_images=[second])
    assert opened(mpo).format == "MPO"

    cleaned = uploads.clean_image(upload("kamera.jpg", mpo))

    stored = opened(cleaned.content)
    assert (stored.format, stored.size) == ("JPEG", (30, 20))
    assert cleaned.content_type == "image/jpeg"


def test_only_the_first_frame_of_an_animated_webp_is_kept():
    frames = [Image.new("RGB", (20, 20), colour) for colour in ("red", "green", "blue")]
    animated = encode(frames[0], "WEBP", save_all=True, append_images=frames[1:])
    stored = opened(uploads.clean_image(upload("animasi.webp", animated)).content)
    assert getattr(stored, "n_frames", 1) == 1


# --- Thumbnails and names -------------------------------------------------------------


def test_the_thumbnail_is_a_webp_within_the_box_with_the_same_shape():
    cleaned = uploads.clean_image(upload("lebar.png", png_bytes((960, 240))))
    thumbnail = opened(cleaned.thumbnail)
    assert thumbnail.format == "WEBP"
    assert thumbnail.size == (480, 120)
    assert not thumbnail.getexif()


def test_a_small_image_keeps_its_size_in_the_thumbnail():
    cleaned = uploads.clean_image(upload("kecil.jpg", jpeg_with_gps()))
    assert opened(cleaned.thumbnail).size == (40, 20)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("foto.JPG", "jpeg", "foto.JPG"),
        ("foto.jpeg", "jpeg", "foto.jpeg"),
        ("foto.jpg", "png", "foto.png"),
        ("foto", "png", "foto.png"),
        ("foto.webp", "jpeg", "foto.jpg"),
        ("juknis v1.2", "pdf", "juknis v1.2.pdf"),
        ("juknis.jpg", "pdf", "juknis.pdf"),
        (".png", "png", ".png"),
    ],
)
def test_the_stored_name_gets_an_extension_matching_the_content(name, content, expected):
    made = {
        "jpeg": lambda: uploads.clean_image(upload(name, jpeg_with_gps())),
        "png": lambda: uploads.clean_image(upload(name, png_bytes())),
        "pdf": lambda: uploads.clean_pdf(upload(name, PDF)),
    }[content]()
    assert made.filename(name) == expected
