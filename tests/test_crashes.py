"""Every input the fuzzing campaign found crashing (tests/data/crashes) stays fixed, and each
target accepts its starting inputs (the campaign's harness itself works)."""
import pytest

from benchmarks.fuzz_targets import CRASHES, TARGETS, seed_inputs

SAVED = sorted(CRASHES.glob("*.bin"))


@pytest.mark.parametrize("path", SAVED, ids=[p.name for p in SAVED])
def test_a_saved_crash_no_longer_crashes(path):
    target = path.name.split("-", 1)[0]
    TARGETS[target](path.read_bytes())


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_each_target_takes_its_starting_inputs(target):
    for data in seed_inputs(target):
        TARGETS[target](data)


def test_a_broken_invariant_is_a_crash():
    # the harness must fail where the product is wrong: an unescaped tag in the HTML report
    from benchmarks.fuzz_targets import _escaped

    _escaped('<div class="doc"><span title="x">text</span></div>')
    with pytest.raises(AssertionError):
        _escaped('<div class="doc"><script>alert(1)</script></div>')
    with pytest.raises(AssertionError):
        _escaped('<div class="doc"><span onmouseover="x">text</span></div>')
