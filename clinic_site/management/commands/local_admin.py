import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "For local development only (DEBUG on): give the superuser `admin` a fresh password and print it."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--site", default="http://127.0.0.1:8000", help="Where runserver will listen.")

    def handle(self, *args, site: str, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("local_admin runs only with DEBUG on. In production use `createsuperuser`.")
        password = secrets.token_urlsafe(12)
        user, _ = get_user_model().objects.get_or_create(
            username="admin", defaults={"is_staff": True, "is_superuser": True}
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        self.stdout.write(
            f"\n  The site:  {site}/\n"
            f"  Staff:     {site}/admin/\n"
            f"  Sign in as  admin  with password  {password}  (new each `make run`)\n"
        )
