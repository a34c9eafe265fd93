"""createsuperuser asks for no unit: a superuser sits at the root as an admin."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from satker.models import Satker, User


def test_create_superuser_puts_the_superuser_at_the_root_as_admin(tree):
    root = User.objects.create_superuser("root", "root@kpu.example", "x-Strong-pass-9")
    assert (root.satker.code, root.role, root.is_superuser, root.is_staff) == (
        "00",
        "admin",
        True,
        True,
    )


def test_the_createsuperuser_command_does_the_same(tree, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "x-Strong-pass-9")
    call_command(
        "createsuperuser",
        interactive=False,
        username="root",
        email="root@kpu.example",
        verbosity=0,
    )
    root = User.objects.get(username="root")
    assert (root.satker.code, root.role, root.check_password("x-Strong-pass-9")) == (
        "00",
        "admin",
        True,
    )


def test_an_explicit_unit_and_role_are_kept(tree):
    user = User.objects.create_superuser(
        "ops", "", "x-Strong-pass-9", satker=tree("33"), role="approver"
    )
    assert (user.satker.code, user.role) == ("33", "approver")


def test_on_an_empty_tree_it_says_to_seed_first(tree):
    Satker.objects.all()._raw_delete(Satker.objects.db)
    with pytest.raises(ImproperlyConfigured, match="seed_satker"):
        User.objects.create_superuser("root", "", "x-Strong-pass-9")
