"""The test suite: it mirrors the tree (tests/optimizer for transport/optimizer, ...)."""
