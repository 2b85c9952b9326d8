"""Database: models, engines, the embedded PostgreSQL launcher and tenant-scoped sessions."""
