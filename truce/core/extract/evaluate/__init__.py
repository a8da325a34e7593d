"""Scorers for the extractor: each exposes ``score(path, ...) -> dict`` (JSON-serialisable)."""
