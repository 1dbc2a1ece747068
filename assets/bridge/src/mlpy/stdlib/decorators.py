"""The bridge decorators under the import path older mlpy modules use."""
from mlpy import ml_module, ml_function  # noqa: F401
