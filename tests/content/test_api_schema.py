"""The posts endpoints in the OpenAPI schema (/api/v1/schema/)."""


def test_the_schema_lists_the_posts_endpoints(api, db):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    assert set(paths["/api/v1/posts/"]) >= {"get", "post"}
    assert set(paths["/api/v1/posts/{id}/"]) >= {"get", "patch", "delete"}
    assert "put" not in paths["/api/v1/posts/{id}/"]
    for action in ("submit", "approve", "request-changes", "publish", "media"):
        assert "post" in paths[f"/api/v1/posts/{{id}}/{action}/"], action
    upload = paths["/api/v1/posts/{id}/media/"]["post"]["requestBody"]["content"]
    assert list(upload) == ["multipart/form-data"]
    assert "/api/v1/posts/{id}/media/{media_pk}/file/" in paths


def test_the_schema_names_the_post_states_and_the_review_filter(api, db):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    post = schema["components"]["schemas"]["Post"]["properties"]
    # The post's states, as one named enum component.
    status = post["status"]
    enum_name = (status.get("$ref") or status["allOf"][0]["$ref"]).rsplit("/", 1)[-1]
    assert enum_name == "PostStatusEnum"  # settings.SPECTACULAR_SETTINGS ENUM_NAME_OVERRIDES
    enum = schema["components"]["schemas"][enum_name]["enum"]
    assert enum == ["draft", "submitted", "changes_requested", "approved", "published"]
    parameters = schema["paths"]["/api/v1/posts/"]["get"]["parameters"]
    review = next(p for p in parameters if p["name"] == "review")
    assert review["schema"]["enum"] == ["mine"]
