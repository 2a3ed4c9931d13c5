"""Filters for the server log."""

import logging


class RefusalsWithoutTraceback(logging.Filter):
    """A 403 or 404 is an answer the access rules gave on purpose, not a fault: keep
    Django's one-line warning and drop the traceback it attaches, so real errors stand
    out in the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in (403, 404):
            record.exc_info = None
            record.exc_text = None
        return True
