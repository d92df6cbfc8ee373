from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst

from intake import audit, held_photos
from intake.models import AuditEvent, CardImage, HeldPhoto, Notification, Submission


class Command(BaseCommand):
    help = (
        "Delete the card images of submissions closed more than INTAKE_RETAIN_IMAGES_DAYS ago, and whole "
        "submissions closed more than INTAKE_RETAIN_SUBMISSIONS_DAYS ago, and card photos held for a new-patient "
        "form that was never sent, after 2 hours. Each run is written to the audit log."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be deleted; delete nothing.")
        parser.add_argument("--images-days", type=int, default=None, help="Override INTAKE_RETAIN_IMAGES_DAYS.")
        parser.add_argument(
            "--submissions-days", type=int, default=None, help="Override INTAKE_RETAIN_SUBMISSIONS_DAYS."
        )

    def handle(self, *args, dry_run=False, images_days=None, submissions_days=None, **options):
        now = timezone.now()
        images_days = settings.INTAKE_RETAIN_IMAGES_DAYS if images_days is None else images_days
        submissions_days = settings.INTAKE_RETAIN_SUBMISSIONS_DAYS if submissions_days is None else submissions_days
        closed = Submission.objects.filter(status=Submission.Status.CLOSED, closed_at__isnull=False)
        old_submissions = closed.filter(closed_at__lt=now - timedelta(days=submissions_days))
        old_images = CardImage.objects.filter(
            policy__submission__in=closed.filter(closed_at__lt=now - timedelta(days=images_days))
        ).exclude(policy__submission__in=old_submissions)

        with transaction.atomic():
            image_count = old_images.count()
            submission_count = old_submissions.count()
            if not dry_run:
                touched = list(old_images.values_list("policy__submission_id", flat=True).distinct())
                CardImage.objects.filter(pk__in=list(old_images.values_list("pk", flat=True))).delete()
                Submission.objects.filter(pk__in=touched).update(images_purged_at=now)
                # Notifications would otherwise keep the patient's email address.
                Notification.objects.filter(submission__in=old_submissions).delete()
                for submission in old_submissions.only("pk"):
                    submission.delete()
            summary = (
                f"{'dry run: would delete' if dry_run else 'deleted'} {image_count} card images "
                f"(closed over {images_days} days) and {submission_count} submissions (closed over "
                f"{submissions_days} days)"
            )
            audit.record(AuditEvent.Action.RETENTION, detail=summary)
        self.stdout.write(f"{capfirst(summary)}.")
        # Photos held for a new-patient form that was never sent: never kept past a couple of hours.
        held = HeldPhoto.objects.filter(created_at__lt=now - held_photos.HOLD_FOR).count()
        if not dry_run:
            held = held_photos.sweep(now)
        hours = int(held_photos.HOLD_FOR.total_seconds() // 3600)
        self.stdout.write(f"{'Would delete' if dry_run else 'Deleted'} {held} held card photos (over {hours} hours).")
