"""Rapport: a local-first networking memory."""

__version__ = "0.1.0"
