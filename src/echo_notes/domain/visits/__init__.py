"""visits slice."""
