"""Units on poor connections and intranets: no page may load anything from elsewhere."""

import re
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
EXTERNAL = re.compile(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", re.I)


def project_files():
    for folder in ("templates", "static"):
        yield from (path for path in (BASE / folder).rglob("*") if path.is_file())


def test_no_template_or_static_file_references_an_external_url():
    found = [
        f"{path.relative_to(BASE)}: {match.group(0)}"
        for path in project_files()
        for match in EXTERNAL.finditer(path.read_text(encoding="utf-8", errors="ignore"))
    ]
    assert found == []


def test_the_stylesheet_loads_no_web_fonts_or_imports():
    css = (BASE / "static" / "css" / "portal.css").read_text()
    assert "@import" not in css
    assert "@font-face" not in css
