"""The FHIR R4 source: JSON resources, Bundles of any type and NDJSON, read with orjson."""

from ekbom.sources.fhir.read import read_fhir, read_fhir_bytes

__all__ = ["read_fhir", "read_fhir_bytes"]
