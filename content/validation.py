"""What a post must be for its platform and its brief; and the neutrality check.

Limits come from settings.POST_LIMITS. Errors name the field; the neutrality
check only warns (the reviewer decides).
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from campaigns.choices import Platform

from .models import NeutralityTerm, Post

HASHTAG = re.compile(r"#\w+", re.UNICODE)


def limits_for(platform: str) -> dict[str, int]:
    return settings.POST_LIMITS.get(platform, {})


def hashtags_in(text: str) -> list[str]:
    return HASHTAG.findall(text)


def clean_post(post: Post) -> None:
    """Raise ValidationError naming each field that breaks a rule of the platform or brief."""
    errors: dict[str, list[str]] = {}
    if post.platform not in Platform.values:
        raise ValidationError(
            {
                "platform": [
                    _("Choose one of: %(platforms)s.") % {"platforms": ", ".join(Platform.labels)}
                ]
            }
        )
    campaign = post.assignment.campaign
    if post.platform not in campaign.platforms:
        errors["platform"] = [
            _("The brief targets %(platforms)s, not %(platform)s.")
            % {
                "platforms": ", ".join(campaign.platform_labels()),
                "platform": Platform(post.platform).label,
            }
        ]
    limits = limits_for(post.platform)
    _check_length(post, "caption", limits, errors)
    _check_length(post, "title", limits, errors)
    if post.platform == Platform.YOUTUBE and not post.title.strip():
        errors.setdefault("title", []).append(_("A YouTube video needs a title."))
    if not post.caption.strip():
        errors.setdefault("caption", []).append(_("Write the caption."))
    _check_hashtags(post, campaign.hashtags, limits, errors)
    if post.pk and post.media.filter(alt_text="").exists():
        errors["media"] = [_("Every image needs alt text: describe what it shows.")]
    if errors:
        raise ValidationError(errors)


def _check_length(post: Post, field: str, limits: dict, errors: dict) -> None:
    limit = limits.get(field)
    length = len(getattr(post, field))
    if limit is not None and length > limit:
        errors.setdefault(field, []).append(
            _("%(platform)s allows %(limit)d characters here; this has %(length)d.")
            % {"platform": Platform(post.platform).label, "limit": limit, "length": length}
        )


def _check_hashtags(post: Post, required: list[str], limits: dict, errors: dict) -> None:
    used = {tag.lower() for tag in hashtags_in(f"{post.title} {post.caption}")}
    missing = [tag for tag in required if tag.lower() not in used]
    if missing:
        errors.setdefault("caption", []).append(
            _("The brief requires these hashtags: %(tags)s.") % {"tags": " ".join(missing)}
        )
    limit = limits.get("hashtags")
    if limit is not None and len(hashtags_in(post.caption)) > limit:
        errors.setdefault("caption", []).append(
            _("%(platform)s allows at most %(limit)d hashtags.")
            % {"platform": Platform(post.platform).label, "limit": limit}
        )


@dataclass(frozen=True)
class NeutralityFlag:
    term: str
    kind: str


@lru_cache(maxsize=32)
def _term_pattern(terms: tuple[str, ...]) -> re.Pattern | None:
    """One regex for the terms (longest first): built once per list of terms, not per
    post (an API page of posts checks each against the same thousands of terms)."""
    alternatives = sorted(
        (re.escape(term) for term in terms if term.strip()), key=len, reverse=True
    )
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=8)
def _terms_by_lower(terms: tuple[tuple[str, str], ...]) -> dict[str, tuple[str, str]]:
    return {term.lower(): (term, kind) for term, kind in terms}


def active_terms() -> list[NeutralityTerm]:
    """The active neutrality terms: load once and pass to ``neutrality_flags`` for many posts."""
    return list(NeutralityTerm.objects.filter(is_active=True))


def neutrality_flags(text: str, terms: list[NeutralityTerm] | None = None) -> list[NeutralityFlag]:
    """The listed party names, candidate names and partisan terms found in ``text``.

    Whole words or phrases, any case; each term once, in the order first found.
    ``terms`` (from ``active_terms``) spares a query per call.
    """
    if terms is None:
        terms = active_terms()
    # Keyed by the terms' text, so an edited term is never matched from a stale cache.
    by_lower = _terms_by_lower(tuple((t.term, t.kind) for t in terms))
    pattern = _term_pattern(tuple(term for term, _kind in by_lower.values()))
    if pattern is None:
        return []
    found = dict.fromkeys(_term_of(match, by_lower) for match in pattern.findall(text or ""))
    return [NeutralityFlag(term, kind) for term, kind in found]


def _term_of(match: str, terms: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """The (term, kind) a match stands for (lower() and the regex's case folding rarely
    differ)."""
    if match.lower() in terms:
        return terms[match.lower()]
    return next(t for t in terms.values() if re.fullmatch(re.escape(t[0]), match, re.I))


def post_flags(post: Post, terms: list[NeutralityTerm] | None = None) -> list[NeutralityFlag]:
    """The neutrality flags of a post's title and caption, for its reviewer."""
    return neutrality_flags(f"{post.title}\n{post.caption}", terms)


def highlight_terms(text: str, flags: list[NeutralityFlag]) -> SafeString:
    """``text`` escaped for HTML with each flagged term wrapped in <mark>."""
    pattern = _term_pattern(tuple(flag.term for flag in flags))
    if pattern is None:
        return escape(text)
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f'<mark class="flag">{escape(match.group())}</mark>')
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above
