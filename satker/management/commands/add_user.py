import secrets

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from satker.models import Satker, User
from satker.roles import Role
from satker.services import user_upsert


class Command(BaseCommand):
    help = "Create or update a portal user in one unit with one role."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--unit", required=True, help='Unit code, such as "00" or "33.74".')
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument(
            "--password", help="Set this password; a new user without one gets a random one."
        )
        parser.add_argument("--email")
        parser.add_argument("--name", help="Full name.")

    def handle(self, *args, username, unit, role, password, email, name, **options):
        satker = Satker.objects.filter(code=unit).first()
        if satker is None:
            raise CommandError(f"Unknown unit code {unit!r}; see `manage.py seed_satker`.")
        exists = User.objects.filter(username=username).exists()
        generated = None if (password or exists) else secrets.token_urlsafe(12)
        try:
            user, created = user_upsert(
                username=username,
                unit=satker,
                role=role,
                password=password or generated,
                email=email,
                full_name=name,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} {user.username}: {user.role} at {satker.code} {satker.name}.")
        if generated:
            self.stdout.write(f"Password: {generated}")
