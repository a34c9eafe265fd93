"""Events between apps: a lower app announces, a higher app listens.

campaigns and content announce that assignment or post states changed; analytics
listens (registered in AnalyticsConfig.ready) and recomputes its roll-ups. The
announcer does not import the listener, so the apps keep their layering.

Events and their arguments:
- ``unit_added(unit)``: a unit was added to an existing tree (satker.tree), inside
  the tree's transaction; campaigns gives it the open briefs that target it.
- ``snapshots_reported(post_ids)``: engagement snapshots of these posts were
  created or corrected (analytics.ingest), after commit; roll-ups follow.
- ``states_changed(assignments)``: an Assignment queryset whose states, or whose
  posts' states, changed (campaigns, content); inside the writer's transaction.
- ``approvers_left(unit_ids, actor)``: at these units a person stopped being an
  active approver (deactivated, role lowered, moved or deleted; satker), inside
  the writer's transaction; content moves the reviews waiting there up the tree
  if nobody is left to decide them.
- ``person_moved(user)``: a person now belongs to another unit (satker), inside the
  writer's transaction; campaigns drops their notices about work outside the new
  unit's subtree, which they may no longer read.
"""

from collections import defaultdict
from collections.abc import Callable

UNIT_ADDED = "unit_added"
SNAPSHOTS_REPORTED = "snapshots_reported"
STATES_CHANGED = "states_changed"
APPROVERS_LEFT = "approvers_left"
PERSON_MOVED = "person_moved"

_listeners: dict[str, list[Callable]] = defaultdict(list)


def listen(event: str, callback: Callable) -> None:
    if callback not in _listeners[event]:
        _listeners[event].append(callback)


def announce(event: str, *args) -> None:
    for callback in _listeners[event]:
        callback(*args)
