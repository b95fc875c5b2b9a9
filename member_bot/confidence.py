"""How sure the engine is that its best passage answers the question, and when to decline.

Pure. The main signal is coverage: the share of what the member asked about (each
concept weighted by how rare it is in the papers) that the best passage contains.
A question about "Essex" or "2019" whose passage lacks that word is a near miss,
and a near miss must be declined rather than presented as the answer.
"""

from __future__ import annotations

from member_bot.query import FIGURE
from member_bot.rerank import Candidate, ResolvedConcept

# Tuned on tests/eval/questions.jsonl over the seeds and ../shared/corpus-real
# (see `member-bot eval`); raise it to decline more, lower it to answer more.
THRESHOLD = 0.38
RARE_MISSING_PENALTY = 0.55
NO_FIGURE_PENALTY = 0.5  # "how many …?" answered by a passage without a single number


def confidence(best: Candidate | None, concepts: list[ResolvedConcept]) -> float:
    """0..1: idf-weighted coverage of the member's own concepts, with near-miss penalties.

    Half is coverage over the whole passage (and the question it answers), half is
    `focus`, coverage within one short stretch of it. A concept rarer than everything
    the passage did match, yet absent from it (a name, a place, a year), usually is
    the very fact asked for; so is the figure a "how many" question wants.
    """
    own = [(i, c) for i, c in enumerate(concepts) if not c.concept.optional]
    if best is None or not own:
        return 0.0
    value = best.coverage
    matched_idf = [c.idf for i, c in own if best.matched.get(i, 0) >= 1.0]
    missing = [c for i, c in own if best.matched.get(i, 0) < 0.5]
    if matched_idf and any(c.idf > max(matched_idf) for c in missing):
        value *= RARE_MISSING_PENALTY
    if any(c.concept.is_number for c in missing):
        value *= RARE_MISSING_PENALTY
    value = 0.5 * value + 0.5 * best.focus
    wants_figure = any(c.concept.hint and (FIGURE,) in c.concept.alternatives for c in concepts)
    if wants_figure and not best.has_figure:
        value *= NO_FIGURE_PENALTY
    return max(0.0, min(1.0, value))


def should_answer(value: float, threshold: float = THRESHOLD) -> bool:
    return value >= threshold
