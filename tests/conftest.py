"""Shared fixtures: the bundled seed corpus, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

SEED_IDS = [
    "000_e40460accf1b4fc2",
    "001_b25c6842de4ecec4",
    "002_292ca219b9857f86",
    "003_8a597d0612e1bc1b",
    "004_3368406408e91c4d",
]


@pytest.fixture(scope="session", autouse=True)
def _private_result_cache(tmp_path_factory):
    """Keep the tests' cached results (CLI, app, browser test) out of the user's cache directory:
    everything that caches by default reads ``NEWS_EXPLORER_CACHE_DIR``, here a fresh folder."""
    from analysis.run.cache import CACHE_DIR_VARIABLE

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_DIR_VARIABLE, str(tmp_path_factory.mktemp("result-cache")))
        yield


@pytest.fixture(scope="session")
def seeds_path() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_corpus():
    from analysis.ingest.loading import load_corpus

    return load_corpus(SEEDS)


@pytest.fixture(scope="session")
def seed_analysis(seed_corpus):
    from analysis.run.pipeline import analyze

    return analyze(seed_corpus, terms=["air defence", "Ukraine", "billion euros"])
