"""Shared test fixtures. Real data lives in ../shared/fixtures (see its SOURCES.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_FIXTURES = PROJECT_ROOT.parent / "shared" / "fixtures"


@pytest.fixture(scope="session")
def shared_fixtures() -> Path:
    """The shared fixtures folder; tests that need it skip where it is absent (a user's clone)."""
    if not SHARED_FIXTURES.is_dir():
        pytest.skip(f"shared fixtures not found at {SHARED_FIXTURES} (CI and developers have them)")
    return SHARED_FIXTURES
