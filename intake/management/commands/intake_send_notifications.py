from django.core.management.base import BaseCommand

from intake import notifications


class Command(BaseCommand):
    help = (
        "Send intake emails still waiting in the outbox (the mail server was down, or a send failed). "
        "Run it every few minutes, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=None, help="Seconds to wait on the mail server.")

    def handle(self, *args, timeout=None, **options):
        sent, failed = notifications.deliver(timeout=timeout)
        self.stdout.write(f"Sent {sent}, failed {failed}.")
