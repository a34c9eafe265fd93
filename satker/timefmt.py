"""Times as a unit reads them: in its own zone, with WIB/WITA/WIT beside them."""

import zoneinfo
from datetime import datetime

from django.utils import formats
from django.utils.timezone import localtime

from .models import Satker
from .roles import Zone

UNIT_TIME_FORMAT = "j M Y, H:i"


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
