"""Safehold."""
