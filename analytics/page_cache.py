"""The dashboard page's body, rendered once per roll-up generation and served again.

Leadership keeps the national and provincial dashboards open and reloads them.
Rendering a body reads eight roll-up queries and draws some forty rows, the
charts and the breakdowns (~65 ms at full size); serving a stored one is a cache
read. What a body shows changes only when:

- a roll-up transaction commits: the key holds the roll-up generation
  (``RollupGeneration``, read from the database on every request), so a body
  rendered before a run committed is never served after it;
- the clock makes a brief due (overdue counts): the entry expires at that instant
  (``Dashboard.changes_at``);
- a unit's name or a brief's title is edited: not tracked; an entry lives at most
  ``MAX_SECONDS``.

The key also holds all else the body depends on: the unit shown, the viewer's
unit (the breadcrumb starts there, times are shown in its zone, and the brief
filter lists the briefs it may see), the language and the filters as given.
The scope check runs before the cache is asked, on every request.

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
FILTERS = ("campaign", "start", "end")  # the query string's part the body depends on


def generation() -> int:
    """How many roll-up transactions have committed (0 before the first)."""
    found = RollupGeneration.objects.filter(pk=RollupGeneration.ROW).values_list("value")
    row = found.first()
    return row[0] if row else 0


def body_key(request, unit) -> str:
    """The cache key of ``unit``'s dashboard body as this request would render it."""
    given = "&".join(f"{name}={request.GET.get(name, '')}" for name in FILTERS)
    filters = hashlib.sha256(given.encode()).hexdigest()[:24]
    return ":".join(
        [
            "dashboard",
            str(generation()),
            str(unit.pk),
            str(request.user.satker_id),
            get_language() or "",
            filters,
        ]
    )


def get(key: str) -> str | None:
    return caches[ALIAS].get(key)


def put(key: str, body: str, changes_at: datetime | None) -> None:
    """Keep ``body`` until MAX_SECONDS pass or the clock changes it (``changes_at``)."""
    seconds = MAX_SECONDS
    if changes_at is not None:
        seconds = min(seconds, int((changes_at - timezone.now()).total_seconds()))
    if seconds >= 1:
        caches[ALIAS].set(key, body, seconds)
