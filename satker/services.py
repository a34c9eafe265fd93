"""Writes about people. Views, the API and commands call these, never save() directly.

``user_upsert`` is for scripts and commands (no acting user); ``user_create`` and
``user_update`` are what a unit admin does in the portal, so they check the actor's
scope themselves as well: a view that forgot to would still store nothing.

Errors are ``ValidationError`` dicts keyed by the model's field names ("satker",
"role", "is_active", "password", ...), so a form can show each beside its field.

Every creation and every change writes one audit row in the same transaction
(actor None for commands): old -> new of the name, email, unit, role and active
flag, and "password changed" (never the hash) when a password is set.
"""

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from campaigns.choices import PLATFORM_HOSTS, Platform, is_on_platform
from kpu_portal import events

from . import capacity, routing, scope
from .capacity import Connectivity, Skill, SkillLevel
from .models import (
    ACCOUNT_URL_MAX_LENGTH,
    CONNECTIVITY_NOTE_MAX_LENGTH,
    EQUIPMENT_MAX_LENGTH,
    STAFF_MAX,
    Satker,
    UnitProfile,
    User,
)
from .roles import Role


def user_upsert(
    *,
    username: str,
    unit: Satker,
    role: Role,
    password: str | None = None,
    email: str | None = None,
    full_name: str | None = None,
) -> tuple[User, bool]:
    """Create the user, or move an existing one to ``unit`` and ``role``.

    A password given is checked by the password validators and set; one not
    given leaves an existing password alone and gives a new user an unusable one.
    Returns (user, created).
    """
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        created = user is None
        if created and (problems := username_errors(username)):
            # "Semarang.Editor" beside "semarang.editor": refused, as in the portal.
            raise ValidationError({"username": problems})
        before = None if created else _audited(user)
        approving_before = None if created else routing.approving_unit(user)
        if created:
            user = User(username=username)
        user.satker = unit
        user.role = Role(role)
        if email is not None:
            user.email = email
        if full_name is not None:
            _set_full_name(user, full_name)
        if password:
            password_validation.validate_password(password, user)
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        _record(None, user, before, password_changed=bool(password) and not created)
        approvers_changed(approving_before, user, actor=None)
        _moved(before, user)
    return user, created


def user_create(
    *,
    actor: User,
    username: str,
    unit: Satker,
    role: Role,
    password: str,
    email: str = "",
    full_name: str = "",
) -> User:
    """A unit admin adds a person to a unit of its subtree."""
    scope.require_role(actor, Role.ADMIN)
    with transaction.atomic():
        user = User(username=username, satker=unit, role=role, email=email)
        _set_full_name(user, full_name)
        errors = _unit_errors(actor, unit)
        if problems := username_errors(username):
            errors["username"] = problems
        # Checked before hashing: the similarity validator compares with username and name.
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            errors["password"] = error.error_list
        _full_clean(user, errors)
        user.set_password(password)
        user.save()
        _record(actor, user, None)
    return user


def user_update(
    *,
    actor: User,
    user: User,
    full_name: str,
    email: str,
    unit: Satker,
    role: Role,
    is_active: bool,
) -> User:
    """A unit admin changes a person of its subtree; nobody locks themselves out."""
    scope.require_role(actor, Role.ADMIN)
    with transaction.atomic():
        # Re-read under a row lock so two admins' edits do not interleave.
        user = User.objects.select_for_update().select_related("satker").get(pk=user.pk)
        if not scope.may_manage_user(actor, user):
            raise PermissionDenied(_("This person is outside your work unit."))
        before = _audited(user)
        approving_before = routing.approving_unit(user)
        errors = _unit_errors(actor, unit)
        if user.pk == actor.pk:
            errors.update(_self_lockout_errors(actor, unit=unit, role=role, is_active=is_active))
        _set_full_name(user, full_name)
        user.email = email
        user.satker = unit
        user.role = role
        user.is_active = is_active
        _full_clean(user, errors)
        user.save()
        _record(actor, user, before)
        approvers_changed(approving_before, user, actor=actor)
        _moved(before, user)
    return user


def _moved(before: dict | None, user: User) -> None:
    """Announce ``person_moved`` when ``user`` (existing before) changed unit."""
    if before is not None and before["satker"] != _audited(user)["satker"]:
        events.announce(events.PERSON_MOVED, user)


def user_own_details_set(*, user: User, full_name: str, email: str) -> User:
    """A person corrects their own name and e-mail address (the address is where a
    forgotten password's link goes: the view asks for the current password before it
    changes). Audited with the person as actor; nothing changed writes nothing."""
    with transaction.atomic():
        user = User.objects.select_for_update().select_related("satker").get(pk=user.pk)
        before = _audited(user)
        _set_full_name(user, full_name.strip())
        user.email = User.objects.normalize_email(email.strip())
        _full_clean(user, {})
        user.save(update_fields=["first_name", "last_name", "email"])
        _record(user, user, before)
    return user


def user_password_set(*, actor: User, user: User, password: str) -> None:
    """Set ``user``'s password: a person their own (the view checks the current one
    first), or a unit admin that of a person in its subtree (a forgotten password).
    It lifts a sign-in lockout of the person's username (satker.lockout).

    The password validators run first (errors under "password"); the change is
    audited as "password changed", never with the hash. Django ends the person's
    other sessions, whose stored hash no longer matches.
    """
    if actor.pk != user.pk and not scope.may_manage_user(actor, user):
        raise PermissionDenied(_("Only an admin of this person's unit or above sets it."))
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.error_list}) from error
    with transaction.atomic():
        before = _audited(user)
        user.set_password(password)
        user.save(update_fields=["password"])
        _record(actor, user, before, password_changed=True)
        # Whoever was locked out guessing it (satker.lockout) may sign in with the new one.
        axes_reset(username=user.username)


def user_language_set(user: User, language: str) -> bool:
    """Remember the language ``user`` picked (for e-mails and the next sign-in); an
    unknown code changes nothing. Returns whether it changed."""
    if language not in dict(settings.LANGUAGES) or language == user.language:
        return False
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
    return True


def unit_profile_save(
    *,
    actor: User,
    unit: Satker,
    connectivity: str,
    connectivity_note: str,
    equipment: str,
    skills: dict[str, tuple[int, int | None]],
    accounts: dict[str, str],
) -> UnitProfile:
    """An admin of ``unit`` or above writes its profile (satker.capacity).

    ``skills`` maps each Skill to (staff, level); a skill left out keeps nobody. A
    level is needed when staff have the skill and dropped when nobody has it.
    ``accounts`` maps a Platform to its official account's address; an empty or
    missing one removes it. Every field is checked before anything is written;
    errors are keyed by the audit keys of satker.capacity ("designer_level",
    "account_x", ...). One audit row records what changed; nothing changed writes
    nothing, not even the time.
    """
    scope.require_role(actor, Role.ADMIN)
    if not scope.unit_is_visible(actor, unit):
        raise PermissionDenied(_("This work unit is outside your own."))
    wanted = _profile_wanted(connectivity, connectivity_note, equipment, skills, accounts)
    with transaction.atomic():
        # The unit's row is the lock: two admins saving a first profile at once would
        # otherwise both insert it (there is no profile row yet to lock).
        Satker.objects.select_for_update().only("pk").get(pk=unit.pk)
        profile = UnitProfile.objects.filter(satker=unit).first()
        created = profile is None
        if created:  # stored only once something is said: an empty form keeps none
            profile = UnitProfile(satker=unit)
        before = unit_profile_values(profile)
        changes = {key: (before[key], new) for key, new in wanted.items() if new != before[key]}
        if not changes:
            return profile
        _profile_write(profile, wanted, actor)
        audit_record(
            actor=actor,
            unit=unit,
            obj=profile,
            action="create" if created else "edit",
            changes=changes,
        )
    return profile


def _profile_wanted(connectivity, connectivity_note, equipment, skills, accounts) -> dict:
    """The profile as its audit keys (satker.capacity) hold it, once every value has
    been checked; a ValidationError naming each bad one otherwise."""
    errors: dict[str, list] = {}
    wanted = {
        "connectivity": connectivity or "",
        "connectivity_note": (connectivity_note or "").strip(),
        "equipment": (equipment or "").strip(),
    }
    if wanted["connectivity"] not in ["", *Connectivity.values]:
        errors["connectivity"] = [_("Choose good, limited or poor.")]
    for name, limit in [
        ("connectivity_note", CONNECTIVITY_NOTE_MAX_LENGTH),
        ("equipment", EQUIPMENT_MAX_LENGTH),
    ]:
        if len(wanted[name]) > limit:
            errors[name] = [_("Keep this to %(limit)s characters.") % {"limit": limit}]
    unknown = set(skills) - set(Skill.values) | set(accounts) - set(Platform.values)
    if unknown:
        errors["__all__"] = [_("Unknown skill or platform: %s.") % ", ".join(sorted(unknown))]
    for skill in Skill:
        staff, level = skills.get(skill, (0, None))
        staff_key, level_key = capacity.skill_staff_key(skill), capacity.skill_level_key(skill)
        if not isinstance(staff, int) or isinstance(staff, bool) or not 0 <= staff <= STAFF_MAX:
            errors[staff_key] = [_("Give a whole number from 0 to %(max)s.") % {"max": STAFF_MAX}]
        elif staff and level not in SkillLevel.values:
            errors[level_key] = [_("Choose the level of the staff who have this skill.")]
        wanted[staff_key] = staff
        wanted[level_key] = level if staff else None
    for platform in Platform:
        url = (accounts.get(platform) or "").strip()
        key = capacity.account_key(platform)
        wanted[key] = url or None
        if url and not _is_account_url(platform, url):
            errors[key] = [
                _("Give the address of the unit's %(platform)s account, on %(host)s.")
                % {"platform": platform.label, "host": PLATFORM_HOSTS[platform][0]}
            ]
    if errors:
        raise ValidationError(errors)
    return wanted


def _is_account_url(platform: str, url: str) -> bool:
    try:
        URLValidator(schemes=["https", "http"])(url)
    except ValidationError:
        return False
    return len(url) <= ACCOUNT_URL_MAX_LENGTH and is_on_platform(platform, url)


def unit_profile_values(profile: UnitProfile) -> dict:
    """A profile as its audit keys hold it (the shape _profile_wanted returns)."""
    audited = {
        "connectivity": profile.connectivity,
        "connectivity_note": profile.connectivity_note,
        "equipment": profile.equipment,
    }
    stored_skills = {row.skill: row for row in profile.skills.all()}
    for skill in Skill:
        row = stored_skills.get(skill)
        audited[capacity.skill_staff_key(skill)] = row.staff if row else 0
        audited[capacity.skill_level_key(skill)] = row.level if row else None
    stored_accounts = {row.platform: row.url for row in profile.accounts.all()}
    for platform in Platform:
        audited[capacity.account_key(platform)] = stored_accounts.get(platform)
    return audited


def _profile_write(profile: UnitProfile, wanted: dict, actor: User) -> None:
    profile.connectivity = wanted["connectivity"]
    profile.connectivity_note = wanted["connectivity_note"]
    profile.equipment = wanted["equipment"]
    profile.updated_at = timezone.now()
    profile.updated_by = actor
    profile.save(force_insert=profile._state.adding)
    # A skill nobody has and an account not given keep no row.
    profile.skills.all().delete()
    profile.skills.bulk_create(
        [
            profile.skills.model(
                profile=profile,
                skill=skill,
                staff=wanted[capacity.skill_staff_key(skill)],
                level=wanted[capacity.skill_level_key(skill)],
            )
            for skill in Skill
            if wanted[capacity.skill_staff_key(skill)]
        ]
    )
    profile.accounts.all().delete()
    profile.accounts.bulk_create(
        [
            profile.accounts.model(profile=profile, platform=platform, url=url)
            for platform in Platform
            if (url := wanted[capacity.account_key(platform)])
        ]
    )


def approvers_changed(approving_before: int | None, user: User | None, actor) -> None:
    """Announce ``approvers_left`` when ``user`` (None: deleted) was an active approver
    of a unit and is no longer one there, so the reviews waiting at a unit with nobody
    left move up the tree (kpu_portal.events). Call inside the writing transaction."""
    if approving_before is None:
        return
    if user is None or routing.approving_unit(user) != approving_before:
        events.announce(events.APPROVERS_LEFT, [approving_before], actor)


def _audited(user: User) -> dict:
    """What the audit log records of a person (never the password hash)."""
    return {
        "username": user.username,
        "full_name": user.get_full_name(),
        "email": user.email,
        "satker": f"{user.satker.code} {user.satker.name}" if user.satker_id else None,
        "role": str(user.role) if user.role else None,
        "is_active": user.is_active,
    }


def _record(actor: User | None, user: User, before: dict | None, *, password_changed=False):
    """One audit row for a created or changed person; none when nothing changed.

    ``before`` None means the person was created: every field is recorded as None -> new.
    """
    after = _audited(user)
    if before is None:
        changes = {name: (None, new) for name, new in after.items() if new not in (None, "")}
        action = "create"
    else:
        changes = {name: (before[name], new) for name, new in after.items() if new != before[name]}
        action = "edit"
    if password_changed:
        changes["password"] = (None, "password changed")
    if changes:
        audit_record(actor=actor, unit=user.satker, obj=user, action=action, changes=changes)


def username_errors(username: str) -> list[str]:
    """What is wrong with ``username`` for a new person: its characters, or that it is
    taken, capitals aside ("Semarang.Editor" beside "semarang.editor" would be two
    people whom nobody tells apart)."""
    try:
        User.username_validator(username)
    except ValidationError as error:
        return list(error.messages)
    if User.objects.filter(username__iexact=username).exists():
        return [_("This username is taken (capitals do not count). Choose another.")]
    return []


def _unit_errors(actor: User, unit: Satker) -> dict[str, list]:
    if scope.unit_is_visible(actor, unit):
        return {}
    return {"satker": [_("Choose a work unit within your own subtree.")]}


def _self_lockout_errors(actor: User, *, unit: Satker, role: Role, is_active: bool) -> dict:
    """An admin who demoted, moved or deactivated themselves could not undo it."""
    errors = {}
    if not is_active:
        errors["is_active"] = [_("You cannot deactivate your own account.")]
    if not Role(role).at_least(actor.role):
        errors["role"] = [_("You cannot lower your own role; ask another admin.")]
    if unit.pk != actor.satker_id:
        errors["satker"] = [
            _("You cannot move your own account to another unit; ask an admin above you.")
        ]
    return errors


def _full_clean(user: User, errors: dict[str, list]) -> None:
    """Run the model's validation and raise it together with ``errors``; nothing is saved."""
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _set_full_name(user: User, full_name: str) -> None:
    user.first_name, _sep, user.last_name = full_name.partition(" ")
