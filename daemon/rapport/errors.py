"""The one shape every error takes: `{"error": {"code", "message", "field"?}}`.

Services raise these without knowing about HTTP; the middleware turns them into answers.
"""


class ApiError(Exception):
    """Raised anywhere below a route to answer with a 4xx envelope."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers


class NotFound(ApiError):
    def __init__(self, what: str, record_id: str):
        super().__init__(404, "not_found", f"no {what} with id {record_id!r}")


class Conflict(ApiError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(409, "conflict", message, field)


class Unprocessable(ApiError):
    def __init__(self, field: str, message: str):
        super().__init__(422, "invalid_field", message, field)


def error_body(code: str, message: str, field: str | None = None) -> dict:
    error = {"code": code, "message": message}
    if field is not None:
        error["field"] = field
    return {"error": error}
