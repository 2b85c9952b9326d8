"""Authentication: passwords, tokens, the request principal, guards and the /auth endpoints."""
