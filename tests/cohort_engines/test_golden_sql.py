"""The SQL each engine runs per factor equals the committed golden text (regen_golden.py)."""

from __future__ import annotations

from tests.cohort_engines.regen_golden import ENGINES, GOLDEN, golden_texts


def test_compiled_sql_equals_the_golden_text() -> None:
    texts = golden_texts()
    committed = {
        (engine, path.stem): path.read_text(encoding="utf-8")
        for engine in ENGINES
        for path in (GOLDEN / engine).glob("*.sql")
    }
    assert sorted(committed) == sorted(texts), "factors differ: run regen_golden.py"
    changed = [f"{e}/{f}.sql" for (e, f), text in texts.items() if committed[(e, f)] != text]
    assert not changed, f"compiled SQL differs from the golden text (regen_golden.py): {changed}"


def test_golden_texts_are_in_each_dialect() -> None:
    texts = golden_texts()
    factor = "iron-deficiency"
    assert "%s" not in texts[("postgres", factor)]
    assert "MATERIALIZED" not in texts[("spark", factor)]
    assert texts[("duckdb", factor)] != texts[("postgres", factor)]
    assert texts[("postgres", factor)] != texts[("spark", factor)]
