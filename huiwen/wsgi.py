import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huiwen.settings")
django_application = get_wsgi_application()

from django.conf import settings  # noqa: E402 - configured by the line above

from huiwen.publish.serving import PublishedFiles  # noqa: E402

# Published pages are answered from their files before Django is involved.
application = PublishedFiles(django_application, settings.PUBLIC_ROOT)
