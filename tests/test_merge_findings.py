import random

from spindetect.core.types import Finding, merge_findings


def _quadratic_merge(preferred, others):
    """The definition: every preferred finding, then each other one that overlaps nothing kept."""
    kept = list(preferred)
    for finding in others:
        if not any(f.start < finding.end and finding.start < f.end for f in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)


def _spans(rng, count, rule):
    """Non-overlapping findings in random order (touching ends allowed)."""
    out, at = [], 0
    for _ in range(count):
        at += rng.randint(0, 6)
        end = at + rng.randint(1, 8)
        out.append(Finding(at, end, "x" * (end - at), [], 0.5, rule))
        at = end
    rng.shuffle(out)
    return out


def test_merge_keeps_the_preferred_and_the_others_that_overlap_none_of_them():
    rng = random.Random(3)
    for _ in range(300):
        preferred, others = _spans(rng, rng.randint(0, 12), "fingerprint"), _spans(rng, rng.randint(0, 40), "model")
        merged = merge_findings(preferred, others)
        assert merged == _quadratic_merge(preferred, others)
        assert all(a.end <= b.start for a, b in zip(merged, merged[1:]))


def test_merge_at_touching_ends_keeps_both():
    a, b = Finding(0, 5, "aaaaa", [], 1.0, "fingerprint"), Finding(5, 9, "bbbb", [], 0.9, "model")
    assert merge_findings([a], [b]) == [a, b]
    assert merge_findings([a], [Finding(4, 9, "abbbb", [], 0.9, "model")]) == [a]
