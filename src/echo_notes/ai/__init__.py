"""Capabilities the graphs call — PII, NER, audiology, embeddings, LLM factories — each usable alone."""
