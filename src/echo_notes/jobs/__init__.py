"""Durable background work: the job queue (procrastinate on PostgreSQL) and what its workers run."""
