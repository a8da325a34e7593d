"""The extractor: from an article's text to candidate incidents and quotes (framework-free)."""
