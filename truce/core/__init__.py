"""The framework-free core: plain Python that never imports Django.

What must be exact, fast and usable without a server lives here: the agreement format, the record
(canonical encoding, Merkle tree, checkpoints, proofs), the extractor and the penalty engine.
``tests/core/test_core_is_framework_free.py`` imports every module here with Django blocked.
"""
