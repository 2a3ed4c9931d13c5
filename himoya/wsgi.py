"""WSGI entry point for gunicorn (`himoya serve` or `gunicorn himoya.wsgi`)."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured

# gunicorn's APP_LOAD_ERROR: its master stops instead of booting new workers forever.
APP_LOAD_ERROR = 4

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "himoya.settings")
try:
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
except ImproperlyConfigured as exc:
    # A missing SECRET_KEY or a malformed variable: one line an operator can act on.
    print(f"himoya: {exc}", file=sys.stderr, flush=True)
    sys.exit(APP_LOAD_ERROR)
