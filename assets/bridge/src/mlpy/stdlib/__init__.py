"""Compatibility path for mlpy bridge decorators (see the mlpy package)."""
