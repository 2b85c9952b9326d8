"""Following note-generation jobs: status, per-node progress (also as server-sent events), the result."""
