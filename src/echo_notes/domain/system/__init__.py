"""system slice."""
