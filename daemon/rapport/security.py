"""What stands between a web page and the user's notes: Host, Origin, CORS, tokens, size.

A page the user visits can send requests to 127.0.0.1 (cross-site requests) and, through DNS
rebinding, read the answers under its own host name. So: the Host header must name the loopback
address and the port we are bound to; a request with an Origin must come from a browser
extension; CORS echoes that exact origin and nothing else; and every data route needs a bearer
token that is never accepted from the URL.
"""

import logging
import re

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

from rapport.app_keys import CLOCK, CONFIG, CORS_ORIGIN, OWNER, PRINCIPAL, STORE
from rapport.errors import ApiError
from rapport.routes import route_of
from rapport.routes.http import error_response
from rapport.schema import InvalidField
from rapport.services.clients import authenticate as find_principal
from rapport.services.clients import touch
from rapport.store import WriteFailed

log = logging.getLogger(__name__)

# Chromium extension ids are 32 letters a-p; Firefox gives each install a UUID. Anything
# else, including a prefix of these followed by more text, is not an extension origin.
EXTENSION_ORIGIN = re.compile(
    r"^(?:chrome-extension://[a-p]{32}|moz-extension://[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})$"
)
MAX_HOST_LENGTH = 300
TOKEN_QUERY_NAMES = ("token", "access_token", "api_key", "apikey", "key", "auth")


def is_extension_origin(origin: str) -> bool:
    return EXTENSION_ORIGIN.fullmatch(origin) is not None


def allowed_hosts(port: int) -> set[str]:
    return {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}


def _bound_port(request: web.Request) -> int | None:
    sockname = request.transport.get_extra_info("sockname") if request.transport else None
    return sockname[1] if sockname else None


class SafeAccessLogger(AbstractAccessLogger):
    """Method, path and status only: query strings and headers can carry secrets."""

    def log(self, request, response, time: float) -> None:
        if self.logger.isEnabledFor(logging.DEBUG):
            self.logger.debug(
                "%s %s -> %s (%.1f ms)", request.method, request.path, response.status, time * 1000
            )


@web.middleware
async def answer(request: web.Request, handler) -> web.StreamResponse:
    """Every failure becomes the JSON envelope; every answer gets the safety headers."""
    try:
        response = await handler(request)
    except ApiError as error:
        response = error_response(
            error.status, error.code, error.message, error.field, headers=error.headers
        )
    except InvalidField as error:
        response = error_response(422, "invalid_field", error.message, error.field)
    except WriteFailed as error:
        log.error("write refused by the disk: %s", error.strerror)
        response = error_response(507, "insufficient_storage", f"not saved: {error.strerror}")
    except web.HTTPException as error:
        response = _http_error(error)
    except Exception:
        log.exception("unexpected error on %s %s", request.method, request.path)
        response = error_response(500, "internal_error", "the daemon hit an unexpected error")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    origin = request.get(CORS_ORIGIN)
    if origin:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
    return response


def _http_error(error: web.HTTPException) -> web.Response:
    codes = {
        404: ("not_found", "no such route; see /api/v1/openapi.json"),
        405: ("method_not_allowed", f"method not allowed here; allowed: {_allowed(error)}"),
        413: ("body_too_large", "the body is too large"),
    }
    code, message = codes.get(
        error.status, (error.reason.lower().replace(" ", "_"), error.reason or "request refused")
    )
    headers = {"Allow": error.headers["Allow"]} if "Allow" in error.headers else None
    return error_response(error.status, code, message, headers=headers)


def _allowed(error: web.HTTPException) -> str:
    return error.headers.get("Allow", "none")


@web.middleware
async def browser_safety(request: web.Request, handler) -> web.StreamResponse:
    port = _bound_port(request)
    host = request.headers.get("Host", "")
    if len(host) > MAX_HOST_LENGTH or port is None or host.lower() not in allowed_hosts(port):
        raise ApiError(403, "forbidden_host", "the Host header must name 127.0.0.1 and this port")
    origin = request.headers.get("Origin")
    if origin is not None:
        if not is_extension_origin(origin):
            raise ApiError(403, "forbidden_origin", "requests from web pages are refused")
        request[CORS_ORIGIN] = origin
    if request.method == "OPTIONS":
        return _preflight(request, origin)
    route = route_of(request)
    if route is not None and request.content_length is not None:
        config = request.app[CONFIG]
        limit = config.max_import_bytes if route.large_body else config.max_body_bytes
        if request.content_length > limit:
            raise ApiError(413, "body_too_large", f"the body is larger than {limit} bytes")
    return await handler(request)


def _preflight(request: web.Request, origin: str | None) -> web.Response:
    if origin is None or "Access-Control-Request-Method" not in request.headers:
        raise ApiError(403, "forbidden_origin", "preflight is answered for extensions only")
    return web.Response(
        status=204,
        headers={
            "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE",
            "Access-Control-Allow-Headers": "Authorization, Content-Type, Accept",
            "Access-Control-Max-Age": "600",
        },
    )


@web.middleware
async def require_token(request: web.Request, handler) -> web.StreamResponse:
    route = route_of(request)
    if route is None or route.access == "public":
        return await handler(request)
    if any(name in request.query for name in TOKEN_QUERY_NAMES):
        raise ApiError(
            401,
            "token_in_url",
            "tokens are never accepted in the URL; send Authorization: Bearer TOKEN",
        )
    header = request.headers.get("Authorization")
    if header is None and route.access == "optional":
        return await handler(request)
    scheme, _, token = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", "send Authorization: Bearer TOKEN")
    store = request.app[STORE]
    principal = find_principal(store, request.app[OWNER], token.strip())
    if principal is None:
        raise ApiError(401, "unauthorized", "the token is not valid (revoked or mistyped)")
    origin = request.headers.get("Origin")
    if principal.origin and origin is not None and origin != principal.origin:
        raise ApiError(403, "origin_mismatch", "this token belongs to another extension")
    if route.access == "owner" and principal.kind != "owner":
        raise ApiError(403, "owner_only", "only the owner token (the CLI) may do this")
    if principal.client_id:
        touch(store, principal.client_id, request.app[CLOCK]())
    request[PRINCIPAL] = principal
    return await handler(request)


MIDDLEWARES = (answer, browser_safety, require_token)
