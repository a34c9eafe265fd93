"""Scope: which units, and which objects of a model, a user may see or change.

The one place every view, API endpoint, export and file URL asks (DESIGN.md §4).
A user sees its own unit's subtree. Objects outside it answer 404 so their
existence does not leak (``get_visible_or_404``); visible objects on which the
user's role does not allow an action answer 403 (``require_role``).

Each model registers the path from its rows to the unit they belong to:

    scope.register(Campaign, unit_path="satker", also_visible=published_to_ancestors)

``also_visible`` adds rows seen from outside the subtree — for instance the
published briefs that an ancestor addressed to the user's unit.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Satker, User
from .roles import Role


@dataclass(frozen=True)
class ScopeRule:
    unit_path: str  # "" when the model is the unit itself
    also_visible: Callable[[User], Q] | None = None


_RULES: dict[type[Model], ScopeRule] = {}


def register(
    model: type[Model], *, unit_path: str, also_visible: Callable[[User], Q] | None = None
) -> None:
    _RULES[model] = ScopeRule(unit_path, also_visible)


def _rule(model: type[Model]) -> ScopeRule:
    try:
        return _RULES[model]
    except KeyError:
        raise LookupError(
            f"{model.__name__} has no scope rule: call satker.scope.register."
        ) from None


def subtree_q(unit: Satker, unit_path: str = "") -> Q:
    """Rows whose unit (reached by ``unit_path``) is ``unit`` or below it.

    The tree has one root (satker.tree seeds it and ``check_satker_tree`` checks
    it), so the root's subtree is every unit: its condition is only "has a unit",
    which needs no join to the unit table. A leaf's subtree is itself: one key to
    compare, which an index on the unit column answers. Other units compare the
    unit's tree interval. (The root's condition is not an empty Q: ``Q() | other``
    would be ``other`` alone, narrowing what ``also_visible`` is meant to widen.)
    """
    prefix = f"{unit_path}__" if unit_path else ""
    if unit.parent_id is None:
        return Q(**{f"{prefix}pk__isnull": False})
    if unit.rght == unit.lft + 1:
        return Q(**{f"{prefix}pk": unit.pk})
    return Q(
        **{
            f"{prefix}tree_id": unit.tree_id,
            f"{prefix}lft__gte": unit.lft,
            f"{prefix}rght__lte": unit.rght,
        }
    )


def is_within(unit: Satker, ancestor: Satker) -> bool:
    """True when ``unit`` is ``ancestor`` or one of its descendants."""
    return (
        unit.tree_id == ancestor.tree_id and ancestor.lft <= unit.lft and unit.rght <= ancestor.rght
    )


def _is_portal_user(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.satker_id)


def visible(user, queryset: QuerySet | type[Model]) -> QuerySet:
    """The rows of ``queryset`` (or a model's rows) that ``user`` may see."""
    if not isinstance(queryset, QuerySet):
        queryset = queryset._default_manager.all()
    if not _is_portal_user(user):
        return queryset.none()
    rule = _rule(queryset.model)
    condition = subtree_q(user.satker, rule.unit_path)
    if rule.also_visible is not None:
        condition |= rule.also_visible(user)
    return queryset.filter(condition)


def visible_units(user) -> QuerySet[Satker]:
    """The user's unit and everything below it, in tree order."""
    return visible(user, Satker).order_by("tree_id", "lft")


def get_visible_or_404(user, queryset: QuerySet | type[Model], **lookup) -> Model:
    """The one object matching ``lookup`` that ``user`` may see; 404 otherwise.

    A malformed lookup value (``pk="abc"`` from a URL) is a 404 too: to the caller
    it names no object, like an unknown id.
    """
    rows = visible(user, queryset)
    try:
        return rows.get(**lookup)
    except (rows.model.DoesNotExist, TypeError, ValueError, ValidationError):
        raise Http404(_("Not found, or outside your work unit.")) from None


def get_visible_unit_and_children_or_404(user, pk: int) -> tuple[Satker, list[Satker]]:
    """The unit ``pk`` that ``user`` may see and its children by code, in one query;
    404 like ``get_visible_or_404``. (A visible child of an invisible unit, as a
    regency is to its province, does not make the unit visible.)"""
    rows = list(visible(user, Satker).filter(Q(pk=pk) | Q(parent_id=pk)).order_by("code"))
    unit = next((row for row in rows if row.pk == pk), None)
    if unit is None:
        raise Http404(_("Not found, or outside your work unit."))
    return unit, [row for row in rows if row is not unit]


def unit_is_visible(user, unit: Satker) -> bool:
    return _is_portal_user(user) and is_within(unit, user.satker)


def require_role(user, role: Role) -> None:
    """403 unless ``user`` holds ``role`` or a stronger one. Check visibility first."""
    if not (_is_portal_user(user) and user.has_role(role)):
        raise PermissionDenied(
            _("This needs the %(role)s role or higher.") % {"role": Role(role).label}
        )


def may_manage_user(actor, target: User) -> bool:
    """Admins manage the people of their subtree, except the site's operators: a
    person who may open /admin/ reaches every unit there, so whoever could set their
    password or e-mail would too. Only a superuser manages them (or they themselves)."""
    return (
        _is_portal_user(actor)
        and actor.has_role(Role.ADMIN)
        and is_within(target.satker, actor.satker)
        and not (is_site_operator(target) and target.pk != actor.pk and not actor.is_superuser)
    )


def is_site_operator(user: User) -> bool:
    """Staff or superuser: may open Django's admin site, which is not scoped by unit."""
    return user.is_staff or user.is_superuser


register(Satker, unit_path="")
register(User, unit_path="satker")
