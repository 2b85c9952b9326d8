"""patients slice."""
