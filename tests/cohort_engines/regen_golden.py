"""Write the golden SQL of every compiled factor, per engine, into `golden/ENGINE/FACTOR.sql`.

Run after a deliberate change to the SQL compiler or the dialect layer, and commit the diff:
`.venv/bin/python -m tests.cohort_engines.regen_golden`. `test_golden_sql.py` fails while the
committed text and the compiled text differ, so every change to the SQL is seen in review.
"""

from __future__ import annotations

from pathlib import Path

ENGINES = ("duckdb", "postgres", "spark")
GOLDEN = Path(__file__).resolve().parent / "golden"


def golden_texts() -> dict[tuple[str, str], str]:
    """(engine, factor id) -> the SQL text that engine runs for the factor's findings."""
    from ekbom.cohort.compile import compile_factor
    from ekbom.cohort.dialect import render
    from ekbom.kb.load import load_knowledge

    knowledge = load_knowledge()
    texts: dict[tuple[str, str], str] = {}
    for factor in [*knowledge.factors, knowledge.rls]:
        try:
            sql = compile_factor(factor, knowledge)
        except NotImplementedError:
            continue
        for engine in ENGINES:
            texts[(engine, factor.id)] = (
                render(sql, engine, pretty=engine != "duckdb").strip() + "\n"
            )
    return texts


def main() -> None:
    texts = golden_texts()
    for engine in ENGINES:
        folder = GOLDEN / engine
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.sql"):
            old.unlink()
    for (engine, factor), text in texts.items():
        (GOLDEN / engine / f"{factor}.sql").write_text(text, encoding="utf-8")
    print(f"wrote {len(texts)} files under {GOLDEN}")


if __name__ == "__main__":
    main()
