"""The admin of staff accounts: sign-in security (roles' rules, lockouts, failed sign-ins,
passkeys) and colleagues (adding one with a role and an invitation, the list of people)."""

from . import people, security  # noqa: F401
