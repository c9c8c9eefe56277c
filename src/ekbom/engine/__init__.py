"""The engine: evaluate(knowledge, facts, as_of) -> Result. Pure; it names no factor."""
