"""Embedding endpoints."""
