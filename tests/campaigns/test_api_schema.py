"""The OpenAPI schema describes the campaigns/ and assignments/ endpoints as they answer."""


def test_the_schema_describes_publish_progress_and_acknowledge(api, db):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    assert {
        "/api/v1/campaigns/",
        "/api/v1/campaigns/{id}/",
        "/api/v1/campaigns/{id}/publish/",
        "/api/v1/campaigns/{id}/close/",
        "/api/v1/campaigns/{id}/progress/",
        "/api/v1/assignments/",
        "/api/v1/assignments/{id}/",
        "/api/v1/assignments/{id}/acknowledge/",
    } <= set(paths)
    published = paths["/api/v1/campaigns/{id}/publish/"]["post"]["responses"]
    assert {"200", "403", "404", "409"} <= set(published)
    parts = published["200"]["content"]["application/json"]["schema"]["allOf"]
    assert parts[0] == {"$ref": "#/components/schemas/Campaign"}
    assert "assignments_created" in parts[1]["properties"]
    progress = schema["components"]["schemas"]["Progress"]["properties"]
    assert {"satker", "total", "acknowledged", "overdue", "children"} <= set(progress)
    filters = {p["name"] for p in paths["/api/v1/assignments/"]["get"]["parameters"]}
    assert {"campaign", "satker", "status", "overdue", "page", "page_size"} <= filters
