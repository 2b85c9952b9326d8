"""Password hashing with argon2id (OWASP's first recommendation for password storage)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()

# Verifying against this when the e-mail is unknown keeps the response time of "no such user" and
# "wrong password" alike, so timing does not reveal which e-mails have accounts.
_DUMMY_HASH = _hasher.hash("echo-notes-timing-equaliser")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
