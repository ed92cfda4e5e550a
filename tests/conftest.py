"""Shared fixtures: the real samples beside the checkout, fixture folders."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def seed(prefix: str) -> Path:
    """The sample whose name starts with ``prefix`` (``000``, ``001``, ``003``)."""
    matches = sorted(SEEDS.glob(f"{prefix}_*"))
    if not matches:
        pytest.fail(f"sample {prefix}_* not found in {SEEDS}: CI keeps shared/ beside the checkout")
    return matches[0]


@pytest.fixture(scope="session")
def table_seed() -> Path:
    return seed("000")


@pytest.fixture(scope="session")
def ai_seed() -> Path:
    return seed("001")


@pytest.fixture(scope="session")
def topic_seed() -> Path:
    return seed("003")


@pytest.fixture(scope="session")
def all_seeds() -> list[Path]:
    return [seed("000"), seed("001"), seed("003")]
