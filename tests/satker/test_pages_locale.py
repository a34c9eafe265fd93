"""The committed translations: complete, not fuzzy, and compiled."""

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgstrs: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def read_po(path: Path) -> list[Entry]:
    """A tiny .po reader: enough for complete, unfuzzy, compiled (no obsolete `#~`)."""
    entries, entry, target = [], Entry(), None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            if target is not None:
                entries.append(entry)
            entry, target = Entry(), None
        elif line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if target == "msgid":
                entry.msgid += value
            elif target == "msgid_plural":
                entry.msgid_plural += value
            else:
                entry.msgstrs[target] += value
        else:
            keyword, _, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            if keyword == "msgid":
                entry.msgid, entry.line, target = value, number, "msgid"
            elif keyword == "msgid_plural":
                entry.msgid_plural, target = value, "msgid_plural"
            else:  # msgstr or msgstr[n]
                index = int(re.search(r"\[(\d+)\]", keyword).group(1)) if "[" in keyword else 0
                entry.msgstrs[index], target = value, index
    if target is not None:
        entries.append(entry)
    return [entry for entry in entries if entry.msgid]  # drop the header


@pytest.fixture(scope="module")
def indonesian() -> list[Entry]:
    return read_po(LOCALE / "id" / "LC_MESSAGES" / "django.po")


def test_the_indonesian_catalogue_has_entries(indonesian):
    assert len(indonesian) > 50


def test_every_indonesian_entry_is_translated(indonesian):
    missing = [
        f"line {entry.line}: {entry.msgid!r}"
        for entry in indonesian
        if not entry.msgstrs or not all(entry.msgstrs.values())
    ]
    assert missing == []


def test_no_indonesian_entry_is_fuzzy(indonesian):
    fuzzy = [
        f"line {entry.line}: {entry.msgid!r}" for entry in indonesian if "fuzzy" in entry.flags
    ]
    assert fuzzy == []


def test_the_indonesian_interface_never_says_kampanye(indonesian):
    # DESIGN.md §8: in election law "kampanye" belongs to candidates and parties.
    said = [entry.msgid for entry in indonesian if "kampanye" in str(entry.msgstrs).lower()]
    assert said == []


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_compiled_catalogue_matches_its_po_file(language):
    """Forgetting `compilemessages` after editing a .po file fails here."""
    directory = LOCALE / language / "LC_MESSAGES"
    with (directory / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    stale = []
    for entry in read_po(directory / "django.po"):
        if "fuzzy" in entry.flags or not entry.msgstrs.get(0):
            continue  # msgfmt leaves these out; the English msgid is shown
        if entry.msgid_plural is None:
            shown = catalogue.gettext(entry.msgid)
        else:
            shown = catalogue.ngettext(entry.msgid, entry.msgid_plural, 1)
        if shown != entry.msgstrs[0]:
            stale.append(entry.msgid)
    assert stale == []
