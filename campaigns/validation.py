"""Rules a brief must keep, shared by the browser form and the API (through services)."""

import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from satker.models import Satker
from satker.roles import Level
from satker.timefmt import FIRST_DAY, LAST_DAY, within_the_years

from .choices import Platform, Priority, ScopeMode
from .models import Campaign

HASHTAG = re.compile(r"^#\w{1,100}$")
MAX_KEY_MESSAGES = 10
MAX_HASHTAGS = 30
MAX_URGENT_HOURS = 72


def clean_campaign(campaign: Campaign) -> None:
    """Normalise and check a brief's own fields; raises ValidationError by field."""
    errors: dict[str, list[str]] = {}
    _check_list_of_text(campaign, "key_messages", errors)
    _check_hashtags(campaign, errors)
    _check_platforms(campaign, errors)
    _check_schedule(campaign, errors)
    _check_levels(campaign, errors)
    if errors:
        raise ValidationError(errors)


def clean_scope_units(publisher: Satker, mode: str, units: list[Satker]) -> None:
    """Chosen units must lie below the publisher; a brief never targets outside its subtree."""
    if mode != ScopeMode.UNITS:
        return
    if not units:
        raise ValidationError({"scope": [_("Choose at least one unit.")]})
    outside = [
        unit.code
        for unit in units
        if not (unit.tree_id == publisher.tree_id and publisher.lft < unit.lft < publisher.rght)
    ]
    if outside:
        raise ValidationError(
            {
                "scope": [
                    _("These units are not below %(unit)s: %(codes)s.")
                    % {"unit": publisher.name, "codes": ", ".join(outside)}
                ]
            }
        )


def _check_list_of_text(campaign, field, errors):
    values = getattr(campaign, field)
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        errors[field] = [_("Give a list of texts.")]
        return
    cleaned = [value.strip() for value in values if value.strip()]
    if len(cleaned) > MAX_KEY_MESSAGES:
        errors[field] = [_("At most %(n)d key messages.") % {"n": MAX_KEY_MESSAGES}]
    setattr(campaign, field, cleaned)


def _check_hashtags(campaign, errors):
    tags = campaign.hashtags
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        errors["hashtags"] = [_("Give a list of hashtags.")]
        return
    tags = [tag.strip() for tag in tags if tag.strip()]
    bad = [tag for tag in tags if not HASHTAG.match(tag)]
    if bad:
        errors["hashtags"] = [
            _("A hashtag starts with # followed by letters, digits or _: %(tags)s.")
            % {"tags": ", ".join(bad)}
        ]
    elif len(tags) > MAX_HASHTAGS:
        errors["hashtags"] = [_("At most %(n)d hashtags.") % {"n": MAX_HASHTAGS}]
    campaign.hashtags = list(dict.fromkeys(tags))


def _check_platforms(campaign, errors):
    platforms = campaign.platforms
    if not isinstance(platforms, list) or not platforms:
        errors["platforms"] = [_("Choose at least one platform.")]
        return
    unknown = [str(p) for p in platforms if p not in Platform.values]
    if unknown:
        errors["platforms"] = [
            _("Unknown platform: %(values)s. Choose from %(known)s.")
            % {"values": ", ".join(unknown), "known": ", ".join(Platform.values)}
        ]
    campaign.platforms = list(dict.fromkeys(platforms))


def _check_schedule(campaign, errors):
    # A time beyond the years cannot have a deadline added (nor means anything here).
    out_of_years = [
        name
        for name in ("starts_at", "due_at")
        if getattr(campaign, name) and not within_the_years(getattr(campaign, name))
    ]
    for name in out_of_years:
        errors[name] = [
            _("Choose a time in the years %(first)d to %(last)d.")
            % {"first": FIRST_DAY.year, "last": LAST_DAY.year}
        ]
    if out_of_years:
        return
    if campaign.priority == Priority.URGENT:
        hours = campaign.deadline_hours
        if not hours or not 1 <= hours <= MAX_URGENT_HOURS:
            errors["deadline_hours"] = [
                _("An urgent hoax clarification needs a deadline of 1 to %(n)d hours.")
                % {"n": MAX_URGENT_HOURS}
            ]
        elif campaign.starts_at:
            campaign.due_at = campaign.starts_at + timedelta(hours=hours)
    else:
        campaign.deadline_hours = None
    if campaign.starts_at and campaign.due_at and campaign.due_at <= campaign.starts_at:
        errors.setdefault("due_at", []).append(_("The due time must be after the start."))


def _check_levels(campaign, errors):
    if campaign.scope_mode != ScopeMode.LEVELS:
        campaign.scope_levels = []
        return
    levels = campaign.scope_levels
    below = [level.value for level in Level if level.depth > campaign.satker.level]
    if not isinstance(levels, list) or not levels or any(lv not in below for lv in levels):
        errors["scope"] = [
            _("Choose levels below your unit: %(levels)s.") % {"levels": ", ".join(below)}
        ]
