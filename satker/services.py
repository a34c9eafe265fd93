"""Writes about people. Views, the API and commands call these, never save() directly."""

from django.contrib.auth import password_validation
from django.db import transaction

from .models import Satker, User
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
        if created:
            user = User(username=username)
        user.satker = unit
        user.role = Role(role)
        if email is not None:
            user.email = email
        if full_name is not None:
            user.first_name, _, user.last_name = full_name.partition(" ")
        if password:
            password_validation.validate_password(password, user)
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
    return user, created
