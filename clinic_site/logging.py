import logging
import re

_QUERY = re.compile(r"\?\S*")


class OmitQueryStrings(logging.Filter):
    """Drop query strings from request lines: staff search the work queue by patient name."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = _QUERY.sub("", record.msg)
        if record.args:
            record.args = tuple(_QUERY.sub("", a) if isinstance(a, str) else a for a in record.args)
        return True
