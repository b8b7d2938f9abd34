import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

# About 128 bits of randomness, typed once and then changed.
PASSWORD_BYTES = 16


class Command(BaseCommand):
    help = (
        "Create the first staff account (a superuser) with a one-time random password, printed "
        "once. Does nothing, and prints no password, if a superuser already exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin", help="Default: %(default)s.")
        parser.add_argument("--email", default="", help="Optional e-mail address.")

    def handle(self, *args, **options):
        user_model = get_user_model()
        admin_url = settings.NEWSROOM_BASE_URL + reverse("admin:index")
        with transaction.atomic():
            existing = user_model.objects.filter(is_superuser=True).order_by("pk").first()
            if existing is not None:
                username = existing.get_username()
                self.stdout.write(
                    f"A staff account already exists ({username}); no password is shown.\n"
                    f"Sign in at {admin_url}\n"
                    f"Forgot the password? Run: python manage.py changepassword {username}"
                )
                return
            username = options["username"]
            if user_model.objects.filter(**{user_model.USERNAME_FIELD: username}).exists():
                raise CommandError(
                    f"A user named {username!r} exists but is not a superuser. Choose another "
                    "name with --username, or make that user a superuser in the admin."
                )
            password = secrets.token_urlsafe(PASSWORD_BYTES)
            user_model.objects.create_superuser(
                username=username, email=options["email"], password=password
            )
        self.stdout.write(
            self.style.SUCCESS(f"Created the staff account {username!r}.") + "\n"
            f"  Sign in at: {admin_url}\n"
            f"  Username:   {username}\n"
            f"  Password:   {password}\n"
            "This password is shown only once. Change it after signing in "
            f"(or run: python manage.py changepassword {username})."
        )
