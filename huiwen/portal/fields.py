"""URLs that are safe to put in ``href`` and ``src``: http(s) only, judged as a browser
reads them.

A browser drops leading and trailing control characters and spaces from a URL and
removes tabs and newlines anywhere in it before it looks at the scheme, so
``" JaVa\\tScRiPt:alert(1)"`` runs as ``javascript:``. Both gates here — the model field
that refuses such values on every write, and the ``web_url`` template filter that
renders rows stored before the field existed (or by raw SQL) harmless — read the scheme
the same way through :func:`as_web_url`.
"""

from __future__ import annotations

import re

from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

WEB_SCHEMES = ("http", "https")

# The WHATWG URL parser's first steps: strip C0 controls and space at both ends, then
# remove ASCII tab and newline everywhere; a scheme is an ASCII letter followed by
# letters, digits, "+", "-" or "." up to the first ":".
_EDGES = "".join(map(chr, range(0x21)))
_TAB_AND_NEWLINE = str.maketrans("", "", "\t\n\r")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def as_web_url(value: object) -> str:
    """``value`` as a browser reads it when that is an http(s) URL; otherwise ``""``.

    Relative and schemeless values give ``""`` too: the fields this guards hold
    absolute links to other sites, so anything else is a mistake, not a path.
    """
    read = str(value).strip(_EDGES).translate(_TAB_AND_NEWLINE)
    scheme = _SCHEME.match(read)
    return read if scheme and scheme[1].lower() in WEB_SCHEMES else ""


class WebURLValidator(URLValidator):
    """Django's URL check, limited to http(s), with a message that says so."""

    schemes = list(WEB_SCHEMES)
    message = _("请填写以 http:// 或 https:// 开头的完整网址。")


class WebURLField(models.URLField):
    """A URLField that only ever stores http(s) URLs (or ``""`` when ``blank=True``).

    Forms and ``full_clean`` use :class:`WebURLValidator`. Writes that skip validation —
    ``save()``, ``objects.create()``, ``QuerySet.update()``, ``bulk_create()``,
    ``bulk_update()`` from a shell, an import or a collector — are refused when the value
    reaches the database. The check sits in ``get_db_prep_save``, not ``get_prep_value``,
    so lookups stay free: ``filter(url="javascript:…")`` can still find a bad old row to
    fix it.
    """

    default_validators = [WebURLValidator()]

    def get_db_prep_save(self, value, connection):
        prepared = super().get_db_prep_save(value, connection)
        if isinstance(prepared, str) and not self._storable(prepared):
            label = f"{self.model.__name__}.{self.name}" if hasattr(self, "model") else "this URL field"
            allowed = "http:// and https:// URLs" + (" or an empty string" if self.blank else "")
            raise ValueError(
                f"{label} accepts only {allowed}; got {prepared!r}, "
                f"which a browser would not open as a web page (a script URL would run "
                f"on our site). Store the page's http(s) address instead"
            )
        return prepared

    def _storable(self, value: str) -> bool:
        return bool(as_web_url(value)) or (value == "" and self.blank)
