from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Patient intake"

    def ready(self) -> None:
        from clinic_site.apps import content_changed

        # What the form pages show besides the form (kept per content version, see intake.form_pages).
        for name in ("SelfPayRate", "GoodFaithEstimateNotice", "PatientPortal"):
            model = self.get_model(name)
            post_save.connect(content_changed, sender=model, dispatch_uid=f"content-save-{model._meta.label}")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"content-del-{model._meta.label}")
