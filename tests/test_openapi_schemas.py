"""Every API operation publishes a schema: the OpenAPI document describes each success
response, and no response (or object inside one) is a free-form dictionary."""

from __future__ import annotations

from typing import Any

from django.urls import get_resolver

from safehold.config.api import api

# Operations still untyped, each to be typed by its context's owner (issue 8) and then
# removed from this list (a test below fails when one named here has become typed).
KNOWN_UNTYPED: frozenset[str] = frozenset(
    {
        "POST /api/demand/incidents",
        "GET /api/demand/incidents/{incident_id}",
        "POST /api/demand/incidents/{incident_id}/thrive",
        "GET /api/demand/dispatch-queue",
        "GET /api/demand/resolution-centre/queue",
        "GET /api/demand/compliance",
        "GET /api/insights/outcomes/explain",
        "GET /api/insights/outcomes/measures",
    }
)

_FILE_TYPES = ("text/csv", "text/calendar", "application/octet-stream", "image/svg+xml")


def _document() -> dict[str, Any]:
    get_resolver().url_patterns  # noqa: B018 - loading the URLs adds every context's router
    document: dict[str, Any] = api.get_openapi_schema(path_prefix="/api/")
    assert len(document["paths"]) > 20
    return document


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _free_form(
    schema: dict[str, Any], components: dict[str, Any], seen: frozenset[str] = frozenset()
) -> list[str]:
    """Where under ``schema`` an object has neither properties nor typed values."""
    ref = schema.get("$ref")
    if ref is not None:
        if ref in seen:
            return []
        return _free_form(_resolve(schema, components), components, seen | {ref})
    found: list[str] = []
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            found += _free_form(option, components, seen)
    if schema.get("type") == "array" and "items" in schema:
        found += _free_form(schema["items"], components, seen)
    if schema.get("type") == "object" or "properties" in schema:
        extra = schema.get("additionalProperties")
        properties = schema.get("properties", {})
        if (not properties and not isinstance(extra, dict)) or extra == {}:
            found.append(schema.get("title", "an object"))
        for name, sub in properties.items():
            found += [f"{name}: {where}" for where in _free_form(sub, components, seen)]
        if isinstance(extra, dict):
            found += [f"values: {where}" for where in _free_form(extra, components, seen)]
    return found


def _operations() -> list[tuple[str, dict[str, Any]]]:
    document = _document()
    return [
        (f"{method.upper()} {path}", operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]


def test_every_success_response_has_a_described_schema() -> None:
    """Each 2xx response names its content's schema (files say their media type)."""
    components = _document().get("components", {}).get("schemas", {})
    missing: list[str] = []
    for label, operation in _operations():
        if label in KNOWN_UNTYPED:
            continue
        successes = {
            str(code): r for code, r in operation["responses"].items() if str(code).startswith("2")
        }
        if not successes:
            missing.append(f"{label}: no success response")
        for code, response in successes.items():
            if code == "204":
                continue
            content = response.get("content", {})
            if any(media in content for media in _FILE_TYPES):
                continue
            schema = content.get("application/json", {}).get("schema")
            if not schema:
                missing.append(f"{label} {code}: no schema")
                continue
            missing += [f"{label} {code}: {w} is free-form" for w in _free_form(schema, components)]
    assert missing == []


def test_the_known_untyped_list_holds_only_untyped_operations() -> None:
    """The tolerance list shrinks as operations are typed: each one named is still untyped."""
    components = _document().get("components", {}).get("schemas", {})
    operations = dict(_operations())
    typed = []
    for label in KNOWN_UNTYPED:
        responses = operations[label]["responses"]
        schemas = [
            r.get("content", {}).get("application/json", {}).get("schema", {})
            for code, r in responses.items()
            if str(code).startswith("2")
        ]
        if all(schema and not _free_form(schema, components) for schema in schemas):
            typed.append(label)
    assert typed == [], "typed now: remove from KNOWN_UNTYPED"


def test_the_checker_catches_a_free_form_object() -> None:
    """A dict[str, Any] response is reported; a dict of typed values is not."""
    assert _free_form({"type": "object", "title": "Loose"}, {}) == ["Loose"]
    assert _free_form({"type": "object", "additionalProperties": True}, {}) == ["an object"]
    assert _free_form({"type": "object", "additionalProperties": {"type": "integer"}}, {}) == []
