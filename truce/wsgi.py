import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "truce.settings")
application = get_wsgi_application()

# Under any WSGI server, files Truce writes in TRUCE_HOME are private to its account.
from truce.instance import restrict_umask  # noqa: E402

restrict_umask()
