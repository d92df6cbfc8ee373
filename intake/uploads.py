"""Upload limits enforced while the request body is read, before any of it reaches a form."""

from django.conf import settings
from django.core.files.uploadhandler import SkipFile, TemporaryFileUploadHandler


class CappedUploadHandler(TemporaryFileUploadHandler):
    """Spools each file to a temporary file, dropping (and naming) any file over the per-file cap.

    The form then tells the patient which photo was too large instead of reading it all.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.oversized: set[str] = set()
        self.received = 0

    def new_file(self, field_name, *args, **kwargs):
        self.received = 0
        super().new_file(field_name, *args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.INTAKE_MAX_IMAGE_BYTES:
            self.oversized.add(self.field_name)
            self.file.close()
            raise SkipFile()
        return super().receive_data_chunk(raw_data, start)
