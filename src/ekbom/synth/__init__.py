"""Synthetic populations for testing and benchmarks (`ekbom synth`; needs the cohort extra).

The same persons and facts are written as OMOP CDM 5.4 tables and as FHIR R4 NDJSON, drawn by set
operations in DuckDB from prevalences and templates taken from the knowledge. Nothing here is
imported by the core; DuckDB and pyarrow are imported inside the functions that use them.
"""
