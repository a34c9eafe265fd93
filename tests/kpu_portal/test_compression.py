"""Pages, JSON and CSV go out compressed to clients that accept it; files that are
compressed already (images, XLSX) go out as they are."""

import gzip

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from kpu_portal.middleware import TextGZipMiddleware

BODY = b"<p>" + b"Sosialisasi pemilih " * 200 + b"</p>"


def test_a_page_is_sent_compressed_to_a_browser_that_accepts_it(client):
    plain = client.get(reverse("login"))
    compressed = client.get(reverse("login"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert len(compressed.content) < len(plain.content) / 2
    assert b'name="password"' in gzip.decompress(compressed.content)


def test_a_page_is_sent_plain_to_a_client_that_does_not_ask(client):
    response = client.get(reverse("login"))
    assert "Content-Encoding" not in response.headers


@pytest.mark.parametrize(
    ("content_type", "compressed"),
    [
        ("text/html; charset=utf-8", True),
        ("application/json", True),
        ("text/csv", True),
        ("image/png", False),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", False),
    ],
)
def test_only_text_and_json_are_compressed(content_type, compressed):
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")
    middleware = TextGZipMiddleware(lambda request: HttpResponse(BODY, content_type=content_type))
    response = middleware(request)
    assert (response.get("Content-Encoding") == "gzip") is compressed
    assert (gzip.decompress(response.content) if compressed else response.content) == BODY
