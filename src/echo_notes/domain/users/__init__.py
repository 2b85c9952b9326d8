"""users slice."""
