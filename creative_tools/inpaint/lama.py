"""Placeholder: this backend is being written."""
