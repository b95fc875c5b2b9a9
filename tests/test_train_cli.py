"""`member-bot train` and `member-bot eval --by-council` through click, on real indexes:
one of every council's papers, and each council's own (as a council deploys it)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from member_bot import learn
from member_bot.cli import main
from member_bot.evaluate import EvalQuestion

PAPERS = {
    "alpha-parish-council": {
        "minutes-may.md": [
            "The council agreed to spend £4,500 on new play equipment for the recreation ground.",
            "Members noted that the allotment waiting list had grown to 23 households.",
            "The clerk reported that the bus shelter on Mill Lane had been repaired.",
        ],
        "minutes-june.md": [
            "It was resolved to ask the highway authority for a 20mph limit past the school.",
            "The precept for next year was set at £31,200 after a long discussion.",
        ],
    },
    "beta-town-council": {
        "minutes-march.md": [
            "The town council approved a grant of £800 to the carnival committee.",
            "Councillors heard that the public toilets would reopen in April after repairs.",
            "A new defibrillator has been fitted outside the village hall.",
        ],
        "minutes-april.md": [
            "The mayor thanked the volunteers who cleared litter from the riverside path.",
            "Members agreed to review the cemetery fees at the next meeting.",
        ],
    },
}
QUESTIONS = [
    {
        "q": "how much for the play equipment",
        "doc": "alpha-parish-council/minutes-may",
        "must": "£4,500 on new play equipment",
        "kind": "figure",
    },
    {
        "q": "how long is the allotment waiting list",
        "doc": "alpha-parish-council/minutes-may",
        "must": "allotment waiting list had grown",
        "kind": "paraphrase",
    },
    {
        "q": "what's the precept next year",
        "doc": "alpha-parish-council/minutes-june",
        "must": "precept for next year was set",
        "kind": "figure",
    },
    {
        "q": "speed limit by the school?",
        "doc": "alpha-parish-council/minutes-june",
        "must": "20mph limit past the school",
        "kind": "paraphrase",
    },
    {
        "q": "grant for the carnival",
        "doc": "beta-town-council/minutes-march",
        "must": "grant of £800 to the carnival",
        "kind": "figure",
    },
    {
        "q": "when do the loos reopen",
        "doc": "beta-town-council/minutes-march",
        "must": "public toilets would reopen in April",
        "kind": "informal",
    },
    {
        "q": "where is the defib",
        "doc": "beta-town-council/minutes-march",
        "must": "defibrillator has been fitted outside",
        "kind": "informal",
    },
    {
        "q": "cemetery fees going up?",
        "doc": "beta-town-council/minutes-april",
        "must": "review the cemetery fees",
        "kind": "paraphrase",
    },
    {"q": "who won the darts league", "unanswerable": True, "kind": "off-topic"},
    {
        "q": "how much did the carnival make in 2019",
        "unanswerable": True,
        "kind": "near-miss",
        "council": "beta-town-council",
    },
    {
        "q": "the allotment rent for 2030",
        "unanswerable": True,
        "kind": "near-miss",
        "council": "alpha-parish-council",
    },
]


@pytest.fixture
def councils(tmp_path: Path) -> dict[str, Path]:
    """Two councils' papers under corpus-real/, indexed together and each on its own."""
    runner = CliRunner()
    root = tmp_path / "corpus-real"
    own = tmp_path / "own"
    own.mkdir()
    for council, papers in PAPERS.items():
        for name, paras in papers.items():
            path = root / council / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("# Minutes\n\n" + "\n\n".join(paras) + "\n", "utf-8")
        db = own / f"{council}.db"
        result = runner.invoke(main, ["index", str(root / council), "--db", str(db), "--quiet"])
        assert result.exit_code == 0, result.output
    shared = tmp_path / "all.db"
    result = runner.invoke(main, ["index", str(root), "--db", str(shared), "--quiet"])
    assert result.exit_code == 0, result.output
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(json.dumps(q) for q in QUESTIONS) + "\n", "utf-8")
    return {"shared": shared, "own": own, "questions": questions, "tmp": tmp_path}


def run(councils: dict[str, Path], command: str, *extra: str):
    """`member-bot COMMAND` on the questions and the index of every council's papers."""
    args = [command, str(councils["questions"]), "--db", str(councils["shared"]), *extra]
    return CliRunner().invoke(main, args)


def test_eval_by_council_reports_each_kind_of_index_held_out_by_council(councils):
    result = run(councils, "eval", "--by-council", "--own-indexes", str(councils["own"]), "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert list(figures) == ["one index of every council", "each council's own index"]
    for table in figures.values():
        assert set(table) == {"alpha-parish-council", "beta-town-council", "(no council)", "all"}
        assert table["all"]["answerable"] == 8 and table["all"]["unanswerable"] == 3
        assert table["alpha-parish-council"]["answerable"] == 4
        assert table["all"]["shown_top3"] >= 0.75  # every passage shares the member's words
    plain = run(councils, "eval", "--by-council", "--json")
    assert list(json.loads(plain.stdout)) == ["one index of every council"]


def test_train_fits_on_both_kinds_of_index_and_writes_a_scorer_ask_uses(councils):
    out = councils["tmp"] / "scorer.json"
    result = run(councils, "train", "--own-indexes", str(councils["own"]), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Fitted on 8 answerable and 3 unanswerable questions from 3 councils" in result.output
    assert "asked of one index of every council and each council's own index" in result.output
    fitted = json.loads(out.read_text("utf-8"))
    assert 0.0 <= fitted["medium"] <= fitted["high"] <= 1.0
    own = councils["own"] / "alpha-parish-council.db"
    asked = CliRunner().invoke(
        main,
        ["ask", "--db", str(own), "--json", "how much for the play equipment"],
        env={"MEMBER_BOT_SCORER": str(out)},
    )
    assert asked.exit_code == 0, asked.output
    answer = json.loads(asked.stdout)
    assert "£4,500 on new play equipment" in answer["passages"][0]["text"]


def test_a_council_without_its_own_index_is_named(councils):
    (councils["own"] / "beta-town-council.db").unlink()
    result = run(councils, "eval", "--by-council", "--own-indexes", str(councils["own"]))
    assert result.exit_code == 1
    assert "no index at" in result.output and "beta-town-council.db" in result.output
    assert "Traceback" not in result.output


def test_own_indexes_without_by_council_is_a_usage_error(councils):
    result = run(councils, "eval", "--own-indexes", str(councils["own"]))
    assert result.exit_code == 2
    assert "--own-indexes goes with --by-council" in result.output


def test_an_off_topic_question_is_asked_of_the_same_councils_index_whatever_else_is_asked(
    councils,
):
    """By its place in the list, adding a question set moved off-topic questions to other
    councils' indexes (and the held-out figures with them)."""
    from indexer import store

    with store.connect(councils["shared"]) as conn:
        sources = [r[0] for r in conn.execute("SELECT source FROM documents")]
    names = sorted(PAPERS)
    asked = [  # words both councils' papers use, so the passages show whose index it was
        EvalQuestion(f"council repairs round {n}", unanswerable=True, kind="off-topic")
        for n in range(12)
    ]
    more = [EvalQuestion(f"council repairs extra {n}", unanswerable=True) for n in range(5)]

    def shown(questions: list[EvalQuestion]) -> dict[str, tuple[str, ...]]:
        opened = lambda council: store.connect(councils["own"] / f"{council}.db")  # noqa: E731
        examples = learn.collect_own(opened, questions, sources)
        return {e.question.q: tuple(sorted(e.texts)) for e in examples}

    alone, among_others = shown(asked), shown(more + asked[::-1])
    assert all(alone[q.q] == among_others[q.q] for q in asked)
    placed = {learn.own_index_of(q, names, sources) for q in asked}
    assert placed == set(names)  # spread over every council's index
    beta_words = "town council"
    for q in asked:
        on_beta = any(beta_words in text for text in alone[q.q])
        assert on_beta == (learn.own_index_of(q, names, sources) == "beta-town-council"), q.q
    near_miss = EvalQuestion("carnival 2019?", unanswerable=True, council="beta-town-council")
    assert learn.own_index_of(near_miss, names, sources) == "beta-town-council"


def test_the_ranking_is_fitted_on_which_candidate_answers_each_question_not_on_questions():
    """A column that is the same for all of one question's candidates cannot order them,
    so the softmax fit leaves it at zero, even where passage by passage it goes with
    answers (questions with it have two answering passages of five, the others one);
    the column that marks the answers within each question leads."""
    rng = np.random.default_rng(7)
    rows, targets, starts = [], [], []
    for question in range(60):
        starts.append(len(rows))
        common = float(question % 2)  # e.g. how many concepts the question has
        answers = set(rng.choice(5, size=1 + int(common), replace=False).tolist())
        for n in range(5):
            marks = 1.0 if n in answers else 0.0
            rows.append([1.0, common, marks + rng.normal(0, 0.3), rng.normal()])
            targets.append(marks / len(answers))
    x, y = np.asarray(rows), np.asarray(targets)
    w = learn.softmax_ranking(x, y, np.asarray(starts))
    assert learn.logistic(x, [int(t > 0) for t in targets])[1] > 0.3  # passage by passage
    assert abs(w[0]) < 1e-6 and abs(w[1]) < 1e-6
    assert w[2] > 1.0 and abs(w[3]) < 0.5 * w[2]
    firsts = [s + int(np.argmax(x[s : s + 5] @ w)) for s in starts]
    assert sum(y[f] > 0 for f in firsts) >= 55


SUBJECTS = (
    "Parking charges will rise in the town centre car parks from April",
    "A new play area is proposed for the recreation ground",
    "Hedges along the footpath by the church were cut back",
    "The village hall committee was granted five hundred pounds",
    "A 20 mph limit was requested on School Road",
    "No objection was raised to the planning application for six houses",
)


def synthetic_examples(seed: int) -> list[learn.Example]:
    """Questions of four councils whose answer is marked, noisily, by one feature; every
    third question's answer is repeated word for word by another candidate."""
    rng = np.random.default_rng(seed)
    width = len(learn.NAMES)
    examples = []
    for n in range(120):
        council = f"council-{n % 4}"
        unanswerable = n % 5 == 0
        answer = int(rng.integers(6))
        rows, labels, texts = [], [], []
        for i in range(6):
            is_answer = i == answer and not unanswerable
            row = rng.normal(0, 1, width).tolist()
            row[0] += 2.0 * is_answer
            rows.append(row)
            labels.append(int(is_answer))
            texts.append(f"{SUBJECTS[i]} (question {n}, {council})")
        if n % 3 == 0:
            texts[(answer + 1) % 6] = texts[answer]
        question = EvalQuestion(f"question {n}", unanswerable=unanswerable, council=council)
        examples.append(learn.Example(question, council, rows, labels, texts, None, 0.0))
    return examples


def test_councils_fitted_in_parallel_give_what_one_after_another_gives(monkeypatch):
    """Fitting held out by council runs the councils in forked workers; the figures, the
    tiers and the order must be those of fitting them one after another."""
    examples = synthetic_examples(11)
    together = learn.leave_one_council_out(examples)
    monkeypatch.setattr(learn, "_forked", True)  # as inside a worker: no pool
    in_turn = learn.leave_one_council_out(examples)
    assert [s.example for s in together] == [s.example for s in in_turn]
    assert [(s.tier, s.rank) for s in together] == [(s.tier, s.rank) for s in in_turn]
    assert all(abs(a.best - b.best) < 1e-9 for a, b in zip(together, in_turn, strict=True))
    assert sum(s.rank == 1 for s in together) > 40  # the marked answers were learnt
    assert {s.tier for s in together} >= {learn.LOW}


def test_a_repeated_answer_is_shown_once_and_counts_as_shown():
    """Each question remembers which of its candidates repeat each other: the repeat of
    the answer is not shown beside it, and showing either shows the member the answer."""
    example = synthetic_examples(3)[3]  # answerable, and its answer repeated
    answer = example.labels.index(1)
    twin = (answer + 1) % 6
    other = (answer + 2) % 6
    assert example.texts[twin] == example.texts[answer]
    assert example.repeat(answer, twin) and example.repeat(twin, answer)
    assert not example.repeat(answer, other)
    assert example.shows_answer[twin]
    scorer = learn.fit(synthetic_examples(5))
    ranking = scorer.rank(example.rows, example.texts, 3, same=example.repeat)
    assert not {answer, twin} <= set(ranking.shown)


def test_questions_asked_in_forked_workers_give_what_asking_them_in_turn_gives(
    councils, monkeypatch
):
    """`collect_everywhere` asks slices of the questions in forked workers, each opening
    its own connections; the examples, their order and their indexes must be those of
    asking every question in turn."""
    from indexer import store

    rows = [EvalQuestion(**q) for q in QUESTIONS]
    questions = [replace(q, q=f"{q.q} {'please ' * (n % 3)}") for n in range(30) for q in rows]
    shared = store.connect(councils["shared"])
    opened = lambda council: store.connect(councils["own"] / f"{council}.db")  # noqa: E731
    together = learn.collect_everywhere(shared, questions, opened)
    monkeypatch.setattr(learn, "_forked", True)  # as inside a worker: no pool
    in_turn = learn.collect_everywhere(shared, questions, opened)

    def seen(e: learn.Example) -> tuple:
        return e.question.q, e.council, e.index, e.rows, e.labels, e.texts, e.bm25_rank

    assert [seen(e) for e in together] == [seen(e) for e in in_turn]
    assert all(a.question is b.question for a, b in zip(together, in_turn, strict=True))
    assert len(together) == 2 * len(questions) > 2 * 50  # more than one slice per index
    assert [e.index for e in together].count(learn.OWN) == len(questions)
    assert sum(map(sum, (e.labels for e in together))) > len(questions) // 2  # answers found
