"""A word-level diff of two texts for the reviewer: escaped HTML with <del> and <ins>.

Words keep the spaces and line breaks around them, so the diff reads as the text
does (show it with ``white-space: pre-wrap``).
"""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_WORD = re.compile(r"\s*\S+\s*|\s+")


def words(text: str) -> list[str]:
    """``text`` cut into words, each with the spaces around it; joined they give ``text``."""
    return _WORD.findall(text or "")


def word_diff(old: str, new: str) -> SafeString:
    """``new`` as HTML, with what ``old`` had and ``new`` lacks in <del>, what it adds in <ins>.

    Words are compared without the spaces around them: a changed line break or a
    doubled space is not a changed word.
    """
    before, after = words(old), words(new)
    matcher = difflib.SequenceMatcher(
        None, [word.strip() for word in before], [word.strip() for word in after], autojunk=False
    )
    pieces = []
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        removed = escape("".join(before[old_start:old_end]))
        added = escape("".join(after[new_start:new_end]))
        if operation == "equal":
            pieces.append(added)
            continue
        if removed:
            pieces.append(f"<del>{removed}</del>")
        if added:
            pieces.append(f"<ins>{added}</ins>")
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above


def has_changes(old: str, new: str) -> bool:
    return (old or "") != (new or "")
