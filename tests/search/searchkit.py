"""The search tests' fixture. Not a conftest.py: test modules elsewhere import the root
conftest as ``conftest``, and a second one on the path would shadow it."""

import pytest


@pytest.fixture(autouse=True)
def empty_search_index(django_db_setup, django_db_blocker):
    """The index's tables are raw SQL (an FTS5 table, a tsvector table), which Django's
    flush between transactional tests does not empty; article ids start again at 1."""
    from huiwen.search.backends import backend

    with django_db_blocker.unblock():
        backend().clear()
    yield
