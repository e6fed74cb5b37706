"""What ``/healthz`` checks: each part a site needs to serve and publish.

The answer is public (monitoring and load balancers call it unauthenticated), so a
failing part is named with the kind of error only; the full error, which may hold host
names, user names or paths of the database and Redis, goes to the server log.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection

__all__ = ["problems"]

logger = logging.getLogger(__name__)


def problems() -> dict[str, str]:
    """Failing parts by name ('database', 'tasks', 'publishing'); empty when all work."""
    found: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # noqa: BLE001 - any failure of the driver means "down"
        found["database"] = _hidden("database", error)
    queue_works = True
    try:
        _task_queue_answers()
    except Exception as error:  # noqa: BLE001 - Redis, SQLite or a full disk alike
        queue_works = False
        found["tasks"] = _hidden("task queue", error)
    if problem := _public_folder_problem(Path(settings.PUBLIC_ROOT)):
        found["publishing"] = problem
    elif queue_works:
        from huiwen.publish.publisher import last_error

        if publishing := last_error():
            found["publishing"] = publishing
    return found


def _task_queue_answers() -> None:
    from huey.contrib.djhuey import HUEY

    # A read of the queue's storage: a round trip to Redis, a query of SQLite's queue.
    HUEY.pending_count()


def _public_folder_problem(root: Path) -> str:
    """'' when a page could be published into ``root`` now, else why not. The probe is a
    dotfile, like the publisher's temporary files, so neither nginx nor huiwen serve
    would ever serve it."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".healthz-"):
            pass
    except OSError as error:
        return f"the public folder is not writable: {error.strerror or type(error).__name__}"
    return ""


def _hidden(part: str, error: Exception) -> str:
    logger.error("health check: the %s failed: %s", part, error)
    return f"not answering ({type(error).__name__}); the server log has the details"
