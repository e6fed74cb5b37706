"""The page django-axes answers with once a login is locked out (``AXES_LOCKOUT_CALLABLE``).

Axes' own page is a bare English sentence; ours says, in the site's language, how long
the lock lasts and that an administrator can lift it sooner.
"""

from __future__ import annotations

import math

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# 429 Too Many Requests, as axes answers by default: the client is refused for its rate.
LOCKED_OUT_STATUS = 429


def login_locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    cool_off = get_cool_off(request)
    # None (HUIWEN_LOGIN_COOLOFF_MINUTES=0) means the lock stays until an admin lifts it.
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    return render(request, "portal/login_locked.html", {"minutes": minutes}, status=LOCKED_OUT_STATUS)
