"""The capability decorator under the import path older mlpy modules use."""
from mlpy import require_capability  # noqa: F401
