"""Per-address limit on the public form, counted in the database.

Every process and machine sees the same rows, so the limit holds on the SQLite default
with several `huiwen serve` workers: Django opens SQLite transactions with BEGIN
IMMEDIATE (see settings), so one writer at a time counts and adds its row. PostgreSQL
gets a transaction-scoped advisory lock per address for the same effect.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from huiwen.news.counting import address_key
from huiwen.takedown.models import Attempt

WINDOW = timedelta(hours=1)


def _lock(address: str) -> None:
    if connection.vendor == "postgresql":
        key = int.from_bytes(hashlib.blake2b(f"takedown:{address}".encode(), digest_size=8).digest(), "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def allow(client_address: str) -> bool:
    """Count one POST from ``client_address``; false when the address already made
    ``TAKEDOWN_PER_HOUR`` within the last hour. A refused POST is not counted, so the
    address may post again an hour after its oldest counted one."""
    address = address_key(client_address)
    now = timezone.now()
    with transaction.atomic():
        _lock(address)
        Attempt.objects.filter(at__lt=now - WINDOW).delete()
        if Attempt.objects.filter(address=address, at__gte=now - WINDOW).count() >= settings.TAKEDOWN_PER_HOUR:
            return False
        Attempt.objects.create(address=address, at=now)
    return True
