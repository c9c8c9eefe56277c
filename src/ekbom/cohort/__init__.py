"""OMOP CDM cohorts: vocabulary loading and concept resolution (needs the `cohort` extra, DuckDB).

Nothing here is imported by the core; `import duckdb` happens inside these modules only.
"""
