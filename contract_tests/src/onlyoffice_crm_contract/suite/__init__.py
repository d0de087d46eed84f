"""The contract suite: pytest tests of a target (the runner's, or the in-process mock portal) against the spec
and the generated client. It imports nothing of the runner (``..interface`` is what they share)."""
