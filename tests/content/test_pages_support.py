"""Shared helpers of the post pages' tests (no tests of its own).

The people: a regency editor at KPU Kota Semarang (33.74) writes; the approver of
KPU Provinsi Jawa Tengah (33) reviews; Banyumas (33.02) is a sibling and Aceh (11)
another province. Briefs come from the centre, addressed to the units named.
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from content import services, workflow
from content.models import Post
from tests.campaigns.test_assets_support import media_root_fixture  # noqa: F401 - fixture
from tests.campaigns.test_pages_support import (  # noqa: F401 - fixtures and helpers
    browser_as_fixture,
    error_summary,
    main_text,
    published_at,
    seen,
    shown_messages,
)

CAPTION = "Sudah cek nama Anda di DPT? Cek di cekdptonline.kpu.go.id #PemiluDamai #CekDPT"


def assignment_of(tree, make_user, code: str = "33.74", **brief_fields):
    """The assignment of unit ``code`` for a published national brief addressed to it."""
    brief = published_at(tree, make_user, "00", units=[code], **brief_fields)
    return brief.assignments.get(satker__code=code)


def draft(assignment, editor, platform: str = "instagram", caption: str = CAPTION, **fields):
    return services.post_create(
        assignment=assignment, by=editor, platform=platform, caption=caption, **fields
    )


def submitted(assignment, editor, **fields) -> Post:
    post = draft(assignment, editor, **fields)
    return workflow.post_submit(post=post, by=editor)


def png(name: str = "poster.png", size=(64, 48)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 40)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
