"""The route table, the router, /openapi.json and docs/api.md describe the same API."""

import re
from pathlib import Path

from rapport.routes import ROUTES

DOCS = Path(__file__).parent.parent / "docs"


def documented_routes() -> set[tuple[str, str]]:
    """Routes with a `### METHOD /path` heading in docs/api.md or a page under docs/api/."""
    pages = [DOCS / "api.md", *sorted((DOCS / "api").glob("*.md"))]
    text = "\n".join(page.read_text() for page in pages if page.exists())
    return set(re.findall(r"^### (GET|POST|PUT|PATCH|DELETE) (\S+)", text, re.M))


def router_routes(app) -> set[tuple[str, str]]:
    return {
        (route.method, route.resource.canonical)
        for route in app.router.routes()
        if route.method != "HEAD"
    }


async def test_every_route_is_in_openapi_and_nothing_else(api):
    document = await api.ok("GET", "/openapi.json")
    assert document["openapi"].startswith("3.1")
    described = {
        (method.upper(), path) for path, item in document["paths"].items() for method in item
    }
    assert described == router_routes(api.raw.app)


async def test_only_health_and_pairing_are_public(api):
    assert (await api.raw.get("/api/v1/health")).status == 200
    assert (await api.raw.get("/api/v1/openapi.json")).status == 401
    public = {(r.method, r.path) for r in ROUTES if r.access == "public"}
    assert (await api.raw.get("/api/v1/whoami", params={"nonce": "n" * 16})).status == 401
    assert public == {
        ("GET", "/api/v1/health"),
        ("POST", "/api/v1/pairing"),
        ("POST", "/api/v1/pairing/{id}/confirm"),
    }


def test_every_route_is_documented_in_api_md():
    documented = documented_routes()
    table = {(route.method, route.path.removeprefix("/api/v1")) for route in ROUTES}
    assert table - documented == set(), "routes missing from docs/api.md"
    assert documented - table == set(), "docs/api.md describes routes that do not exist"
