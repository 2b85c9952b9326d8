"""Note drafters: the grounded (extractive) default, and model-backed drafters by configuration."""
