"""Upload limits enforced while the request body is read, before any of it reaches a form."""

from django.conf import settings
from django.core.files.uploadhandler import MemoryFileUploadHandler, SkipFile


class CappedUploadHandler(MemoryFileUploadHandler):
    """Keeps each file in memory (a card photo never touches the disk unencrypted), dropping and
    naming any file over the per-file cap so the form can say which photo was too large.

    RequestSizeLimitMiddleware has already refused a body over INTAKE_MAX_REQUEST_BYTES, which bounds the memory.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.oversized: set[str] = set()
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = True

    def new_file(self, field_name, *args, **kwargs):
        self.received = 0
        super().new_file(field_name, *args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.INTAKE_MAX_IMAGE_BYTES:
            self.oversized.add(self.field_name)
            raise SkipFile()
        return super().receive_data_chunk(raw_data, start)
