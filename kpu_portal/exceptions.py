"""Errors that views and the API map to status codes (DESIGN.md §7, "Status codes")."""


class Conflict(Exception):
    """409: the object is in the wrong state for this action, or the edit is stale."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
