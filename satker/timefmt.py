"""Times as a unit reads them: in its own zone, with WIB/WITA/WIT beside them."""

import zoneinfo
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from .models import Satker
from .roles import Zone

UNIT_TIME_FORMAT = "j M Y, H:i"
# A time as CSV files and spreadsheets write it, in a unit's zone; the metrics CSV
# reads captured_at in the same form.
WRITTEN_TIME = "%Y-%m-%d %H:%M"
# The days the portal takes from people (filters, a brief's times): its records lie
# well inside them, and a day at the calendar's edge (year 1 or 9999) cannot be
# moved into a time zone or a few hours further.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)


def within_the_years(moment: date | datetime) -> bool:
    day = moment.date() if isinstance(moment, datetime) else moment
    return FIRST_DAY <= day <= LAST_DAY


def within_the_years_validator(moment: date | datetime) -> None:
    """A form field's validator: ValidationError for a day or time outside the years."""
    if moment is not None and not within_the_years(moment):
        raise ValidationError(
            _("Choose a day in the years %(first)d to %(last)d."),
            code="out_of_range",
            params={"first": FIRST_DAY.year, "last": LAST_DAY.year},
        )


def unit_local(moment: datetime, unit: Satker) -> datetime:
    return localtime(moment, zoneinfo.ZoneInfo(unit.timezone))


def format_unit_time(moment: datetime | None, unit: Satker) -> str:
    """ "30 Nov 2026 17:00 WITA": the moment in ``unit``'s zone, labelled.

    A 24-hour clock in every language, as Indonesian offices read times.
    """
    if moment is None:
        return ""
    local = unit_local(moment, unit)
    return f"{formats.date_format(local, UNIT_TIME_FORMAT)} {Zone(unit.timezone).label}"


def written_unit_time(moment: datetime | None, unit: Satker) -> str | None:
    """ "2026-02-14 09:30": ``moment`` in ``unit``'s zone as a file cell; None for None."""
    if moment is None:
        return None
    return unit_local(moment, unit).strftime(WRITTEN_TIME)
