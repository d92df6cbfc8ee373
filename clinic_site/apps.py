from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save

# Apps whose every model is public content: a change to any row changes what pages show.
CONTENT_APPS = ("conditions", "locations", "notices")


# Set while this thread does content work that will be rolled back (a preview of an old version).
_rolled_back_work = ContextVar("rolled_back_content_work", default=False)


@contextmanager
def content_changes_not_published() -> Iterator[None]:
    """Saves in this block move no content version: for work that is rolled back. Only this
    thread's: muting the signals instead would hide other threads' saves (threaded workers)."""
    token = _rolled_back_work.set(True)
    try:
        yield
    finally:
        _rolled_back_work.reset(token)


def content_changed(sender, **kwargs) -> None:
    from .models import ContentVersion

    # raw: loaddata, whose fixture sets content as it was.
    if not kwargs.get("raw") and not _rolled_back_work.get():
        ContentVersion.bump()


def content_relation_changed(sender, instance, action: str, **kwargs) -> None:
    if action.startswith("post_") and instance._meta.app_label in CONTENT_APPS:
        content_changed(sender)


class ClinicSiteConfig(AppConfig):
    name = "clinic_site"
    verbose_name = "Clinic site"

    def ready(self) -> None:
        # Registered on import: the system checks; the stamp on each staff sign-in.
        from . import checks, staff_sessions  # noqa: F401

        # The patient portal's address is shown on cached pages (the follow-up card).
        content_models = [self.get_model("HomePage"), apps.get_model("intake", "PatientPortal")]
        for app_label in CONTENT_APPS:
            content_models += apps.get_app_config(app_label).get_models()
        for model in content_models:
            post_save.connect(content_changed, sender=model, dispatch_uid=f"content-save-{model._meta.label}")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"content-del-{model._meta.label}")
        # Any many-to-many change (related conditions, conditions treated at a clinic).
        m2m_changed.connect(content_relation_changed, dispatch_uid="content-m2m")
