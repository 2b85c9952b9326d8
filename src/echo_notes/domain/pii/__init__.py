"""PII endpoints: detection and reversible pseudonymisation for clients of the AI service."""
