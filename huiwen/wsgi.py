import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huiwen.settings")
django_application = get_wsgi_application()

from django.conf import settings  # noqa: E402 - configured by the line above

from huiwen.publish.serving import PublishedFiles  # noqa: E402
from huiwen.security_headers import POLICY_HEADERS  # noqa: E402

# Published pages are answered from their files before Django is involved, with the
# headers Django's security and clickjacking middleware give its own answers, and the content and permissions policies.
application = PublishedFiles(django_application, settings.PUBLIC_ROOT, headers=[
    *([("X-Content-Type-Options", "nosniff")] if settings.SECURE_CONTENT_TYPE_NOSNIFF else []),
    ("X-Frame-Options", settings.X_FRAME_OPTIONS),
    ("Referrer-Policy", settings.SECURE_REFERRER_POLICY),
    ("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY),
    *POLICY_HEADERS,
])
