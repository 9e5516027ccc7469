"""Safehold: case management for English local authority children's services."""

__version__ = "0.1.0"
