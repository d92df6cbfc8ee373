import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "For local development only (DEBUG on): give the superuser `admin` a fresh password and print it."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("local_admin runs only with DEBUG on. In production use `createsuperuser`.")
        password = secrets.token_urlsafe(12)
        user, _ = get_user_model().objects.get_or_create(
            username="admin", defaults={"is_staff": True, "is_superuser": True}
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        self.stdout.write(
            "\n  The site:  http://127.0.0.1:8000/\n"
            "  Staff:     http://127.0.0.1:8000/admin/\n"
            f"  Sign in as  admin  with password  {password}  (new each `make run`)\n"
        )
