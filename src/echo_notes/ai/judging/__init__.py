"""Judging a draft: deterministic clinical validators, and an LLM judge when one is configured."""
