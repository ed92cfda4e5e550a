"""Shared fixtures: the real samples beside the checkout, fixture folders.

The samples (``../shared/seeds/``) are not in the repository: CI lays them beside the
checkout, a fresh clone has none. Every test that reads them goes through :func:`seed`,
the fixtures below or :data:`needs_seeds`, so without them it is skipped with one line
saying why, and the rest of the suite still runs.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


def load_synth():
    """``benchmarks/synth.py`` (the synthetic corpus generator), imported from its file: benchmarks are no package."""
    module = sys.modules.get("arxdigest_bench_synth")
    if module is None:
        spec = importlib.util.spec_from_file_location("arxdigest_bench_synth", ROOT / "benchmarks" / "synth.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return module


FIXTURES = Path(__file__).resolve().parent / "fixtures"
NO_SEEDS = f"the real samples are not beside the checkout ({SEEDS}); CI lays shared/ there"

#: For tests (or whole modules: ``pytestmark = needs_seeds``) that use :data:`SEEDS` directly.
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=NO_SEEDS)


def seed(prefix: str) -> Path:
    """The sample whose name starts with ``prefix`` (``000``, ``001``, ``003``); skips the test without it."""
    matches = sorted(SEEDS.glob(f"{prefix}_*"))
    if not matches:
        pytest.skip(NO_SEEDS if not SEEDS.is_dir() else f"sample {prefix}_* is not in {SEEDS}")
    return matches[0]


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The folder of the samples, for tests that read it whole."""
    if not SEEDS.is_dir():
        pytest.skip(NO_SEEDS)
    return SEEDS


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
