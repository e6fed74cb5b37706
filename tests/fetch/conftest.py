"""Fixtures for the fetcher tests; the kit itself lives in fetchkit.py so test modules can
import its helpers without clashing with the top-level tests/conftest.py."""

from fetchkit import connections, make_fetcher, site

__all__ = ["connections", "make_fetcher", "site"]
