"""Dashboards kept once built, per roll-up generation, and served again.

Leadership keeps the national and provincial dashboards open and reloads them.
Building one reads the roll-ups (the page: eight queries and some forty rows with
charts and breakdowns, ~65 ms at full size; the API: its rows, ~6 ms); serving a
kept one is a cache read. Both the page's body and the API's answer are kept, and
what they show changes only when:

- a roll-up transaction commits: the key holds the roll-up generation
  (``RollupGeneration``, read from the database on every request), so nothing built
  before a run committed is served after it;
- the clock makes a brief due (overdue counts): the entry expires at that instant
  (``DashboardRow.next_change``);
- a unit's name or a brief's title is edited: not tracked; an entry lives at most
  ``MAX_SECONDS``.

The key also holds all else the answer depends on: the unit shown, the viewer's
unit (the page's breadcrumb starts there and shows times in its zone; the briefs it
may choose from or ask for depend on it), the language (the page) and the filters
as given. The scope check runs before the cache is asked, on every request; a
brief asked for was found visible to the viewer's unit when its answer was kept.

The "pages" cache is each process's own memory: correctness never depends on it
being shared, since the generation comes from the database.
"""

import hashlib
from datetime import datetime

from django.core.cache import caches
from django.utils import timezone
from django.utils.translation import get_language

from .rollup_models import RollupGeneration

ALIAS = "pages"
MAX_SECONDS = 60  # the longest an edited name or title may wait to show
FILTERS = ("campaign", "start", "end")  # the page's query string that shapes its body


def generation() -> int:
    """How many roll-up transactions have committed (0 before the first)."""
    found = RollupGeneration.objects.filter(pk=RollupGeneration.ROW).values_list("value")
    row = found.first()
    return row[0] if row else 0


def _key(kind: str, unit, viewer, *parts: str) -> str:
    head = ["dashboard", kind, str(generation()), str(unit.pk), str(viewer.satker_id)]
    return ":".join([*head, *parts])


def body_key(request, unit) -> str:
    """The key of ``unit``'s dashboard page body as this request would render it."""
    given = "&".join(f"{name}={request.GET.get(name, '')}" for name in FILTERS)
    filters = hashlib.sha256(given.encode()).hexdigest()[:24]
    return _key("page", unit, request.user, get_language() or "", filters)


def answer_key(request, unit, campaign_id: int | None) -> str:
    """The key of the API's answer for ``unit`` (and one brief, or all)."""
    return _key("api", unit, request.user, str(campaign_id or ""))


def get(key: str):
    return caches[ALIAS].get(key)


def put(key: str, value, changes_at: datetime | None) -> None:
    """Keep ``value`` until MAX_SECONDS pass or the clock changes it (``changes_at``)."""
    seconds = MAX_SECONDS
    if changes_at is not None:
        seconds = min(seconds, int((changes_at - timezone.now()).total_seconds()))
    if seconds >= 1:
        caches[ALIAS].set(key, value, seconds)
