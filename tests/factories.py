from datetime import timedelta

import factory
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.utils import timezone

from satker.models import User

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    """A portal user; give it ``satker`` (a unit) and ``role``."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@kpu.example")
    role = "viewer"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


def edit_person(actor: User, person: User, **changes) -> User:
    """``person`` changed by ``actor`` through the portal's service: every field as it
    is, but those given (full_name, email, unit, role, is_active)."""
    from satker.services import user_update

    fields = {
        "full_name": person.get_full_name(),
        "email": person.email,
        "unit": person.satker,
        "role": person.role,
        "is_active": person.is_active,
        **changes,
    }
    return user_update(actor=actor, user=person, **fields)


class CampaignFactory(factory.django.DjangoModelFactory):
    """A draft brief; give it ``satker`` (the publisher) and ``created_by``."""

    class Meta:
        model = "campaigns.Campaign"

    title = factory.Sequence(lambda n: f"Ayo cek DPT {n}")
    summary = "Ajak pemilih memeriksa namanya di Daftar Pemilih Tetap."
    key_messages = factory.LazyFunction(lambda: ["Cek nama Anda di cekdptonline.kpu.go.id"])
    hashtags = factory.LazyFunction(lambda: ["#PemiluDamai", "#CekDPT"])
    platforms = factory.LazyFunction(lambda: ["instagram", "x"])
    starts_at = factory.LazyFunction(lambda: timezone.now())
    due_at = factory.LazyAttribute(lambda brief: brief.starts_at + timedelta(days=7))
    created_by = factory.LazyAttribute(
        lambda brief: UserFactory(satker=brief.satker, role="editor")
    )


class PostFactory(factory.django.DjangoModelFactory):
    """A draft post written straight to the database (no service, no revision);
    give it ``assignment``. One post per platform and assignment."""

    class Meta:
        model = "content.Post"

    satker = factory.LazyAttribute(lambda post: post.assignment.satker)
    platform = "instagram"
    caption = "Sudah cek nama Anda di DPT? #PemiluDamai #CekDPT"
    author = factory.LazyAttribute(
        lambda post: UserFactory(satker=post.assignment.satker, role="editor")
    )


def signs_in(username: str, password: str) -> bool:
    """Whether the password lets ``username`` in, checked as the sign-in page checks it
    (with a request: django-axes refuses to check credentials without one)."""
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request, username=username, password=password) is not None
