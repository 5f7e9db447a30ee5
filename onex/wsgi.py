"""The WSGI entry point (gunicorn onex.wsgi:application): production settings unless others are chosen."""

import os

from django.core.wsgi import get_wsgi_application

# Production by default, so a server never runs on the development key by omission.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onex.settings.production")
application = get_wsgi_application()
