"""OpenAPI 3.1 built from the route table and the field rules, so neither can drift."""

import re

import rapport
from rapport.schema import ID_PATTERN, ME, RESOURCES, json_schema

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "pattern": "^[a-z_]+$"},
                "message": {"type": "string"},
                "field": {"type": "string"},
            },
        }
    },
}
QUERY_SCHEMAS = {
    "limit": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 50},
    "offset": {"type": "integer", "minimum": 0, "default": 0},
    "from": {"type": "string", "format": "date-time"},
    "to": {"type": "string", "format": "date-time"},
    "status": {"type": "string"},
    "direction": {"type": "string", "enum": ["mine", "theirs"]},
    "nonce": {"type": "string", "minLength": 16, "maxLength": 256},
    "person_id": {"type": "string", "pattern": ID_PATTERN},
    "client_id": {"type": "string", "pattern": ID_PATTERN},
    "q": {"type": "string", "minLength": 1, "maxLength": 500, "pattern": r"\S"},
    "url": {"type": "string", "minLength": 1, "maxLength": 2048},
    "type": {"type": "string", "enum": ["person", "interaction", "promise"]},
}
REQUIRED_QUERY = {"q", "url", "nonce"}


def _schemas() -> dict:
    schemas = {"Error": ERROR, "me": json_schema(ME)}
    for name, spec in RESOURCES.items():
        writable = {k: v for k, v in spec.items() if not v.readonly}
        schemas[name] = json_schema(writable)
        schemas[f"{name}:patch"] = {**json_schema(writable), "required": []}
    schemas["client"] = {
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string", "maxLength": 300}},
    }
    schemas["pairing"] = {
        "type": "object",
        "required": ["client_name"],
        "properties": {"client_name": {"type": "string", "minLength": 1, "maxLength": 300}},
    }
    schemas["pairing_confirm"] = {
        "type": "object",
        "properties": {"code": {"type": "string", "pattern": "^[0-9]{6}$"}},
    }
    schemas["merge"] = {
        "type": "object",
        "required": ["other_id"],
        "properties": {"other_id": {"type": "string"}},
    }
    schemas["import"] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "version"],
        "properties": {
            "format": {"const": "rapport"},
            "version": {"const": 1},
            "exported_at": {"type": "string"},
            **{
                section: {"type": "array", "items": json_schema(spec)}
                for section, spec in RESOURCES.items()
            },
            "me": {"$ref": "#/components/schemas/me"},
        },
    }
    return schemas


def _operation(route) -> dict:
    operation: dict = {
        "summary": route.summary,
        "operationId": f"{route.method.lower()}_{_slug(route.path)}",
        "responses": {
            str(route.status): {"description": "Success"},
            "4XX": {
                "description": "Client error",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            },
        },
    }
    if route.status != 204:
        json = route.answers == "application/json"
        content = {route.answers: {"schema": {"type": "object" if json else "string"}}}
        if route.markdown:
            content["text/markdown"] = {"schema": {"type": "string"}}
        operation["responses"][str(route.status)]["content"] = content
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in re.findall(r"{(\w+)}", route.path)
    ]
    parameters += [
        {
            "name": name,
            "in": "query",
            "required": name in REQUIRED_QUERY,
            "schema": QUERY_SCHEMAS.get(name, {"type": "string"}),
        }
        for name in route.query
    ]
    if parameters:
        operation["parameters"] = parameters
    if route.body and "/" in route.body:  # a media type: the body is the file itself
        content = {route.body: {"schema": {"type": "string"}}}
        operation["requestBody"] = {"required": True, "content": content}
    elif route.body:
        ref = route.body_schema or {"$ref": f"#/components/schemas/{route.body}"}
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": ref}},
        }
    if route.access == "public":
        operation["security"] = []
    elif route.access == "optional":
        operation["security"] = [{}, {"bearer": []}]
    return operation


def _slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", path.removeprefix("/api/v1/").lower()).strip("_")


def build_document(routes) -> dict:
    paths: dict[str, dict] = {}
    for route in routes:
        paths.setdefault(route.path, {})[route.method.lower()] = _operation(route)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Rapport local API",
            "version": rapport.__version__,
            "description": "The local HTTP API of the Rapport daemon. Listens on 127.0.0.1 only; "
            "send `Authorization: Bearer TOKEN` on every route except health and openapi.json.",
        },
        "servers": [{"url": "http://127.0.0.1:27277"}],
        "paths": paths,
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
    }
