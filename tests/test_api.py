"""The HTTP API: endpoints, paging, the one error shape, serve --get, the write endpoint."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from eventwire.api import ServerConfig, build_asgi, call
from eventwire.store import Store
from eventwire.store import query as Q
from eventwire.store.sample import synthetic_article


def get(app, path, **kwargs):
    return call(app, "GET", path, **kwargs)


def assert_error(response, status: int, message: str | None = None):
    """Every error, whatever raised it, has exactly this shape."""
    body = response.json()
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert list(body) == ["error"] and list(body["error"]) == ["status", "message", "detail"]
    assert body["error"]["status"] == status and isinstance(body["error"]["message"], str)
    if message is not None:
        assert body["error"]["message"] == message
    return body["error"]


def test_events_with_filters_and_total(app):
    body = get(app, "/api/events?source=PRK&target=RUS&order=date&limit=2").json()
    assert body["total"] == 3 and body["limit"] == 2 and body["offset"] == 0
    assert [e["id"] for e in body["events"]] == [1, 2]
    assert body["events"][0]["article"] == {"id": 1, "title": "North Korea and Russia sign pact",
                                            "url": "https://example.org/news/prk-rus-pact", "published": "2024-11-01"}
    following = get(app, f"/api/events?source=PRK&target=RUS&order=date&limit=2&cursor={body['next_cursor']}").json()
    assert [e["id"] for e in following["events"]] == [8] and following["next_cursor"] is None
    assert get(app, "/api/events?actor=lavrov").json()["total"] == 1
    assert get(app, "/api/events?since=2024-11-05&until=2024-11-06&quad=1").json()["total"] == 1


def test_one_event_with_sentence_article_and_quotes(app):
    body = get(app, "/api/events/2").json()
    assert body["sentence"] == body["event"]["sentence"]
    assert body["sentence"].startswith("\u201cOur friendship is invincible,\u201d Choe Son Hui said")
    assert body["article"]["id"] == 1 and body["article"]["url"] == "https://example.org/news/prk-rus-pact"
    assert [(q["speaker"], q["in_sentence"]) for q in body["quotes"]] == [("Choe Son Hui", True)]


def test_article_with_events(app):
    body = get(app, "/api/articles/2").json()
    assert body["title"] == "Fighting near Kursk" and len(body["body"]) == 2
    text = "\n\n".join(body["body"])
    assert [text[e["start"]:e["end"]] for e in body["events"]] == [e["sentence"] for e in body["events"]]
    assert [e["id"] for e in body["events"]] == [4, 5]


def test_actors_dyads_stats(app):
    assert [a["code"] for a in get(app, "/api/actors?limit=2").json()["actors"]] == ["RUS", "PRK"]
    series = get(app, "/api/dyads?source=PRK&target=RUS&interval=week").json()["series"]
    assert [(s["period"], s["count"], s["quad"]["1"]["count"]) for s in series] == [
        ("2024-10-28", 3, 3), ("2024-11-04", 1, 0)]
    stats = get(app, "/api/stats?root=19").json()
    assert (stats["events"], stats["by_root"]) == (2, [{"root": "19", "count": 2}])


def test_openapi_lists_the_endpoints(app):
    schema = get(app, "/openapi.json").json()
    assert set(schema["paths"]) == {"/api/events", "/api/events/{event_id}", "/api/articles/{article_id}",
                                    "/api/actors", "/api/dyads", "/api/stats", "/api/documents"}
    limit = next(p for p in schema["paths"]["/api/events"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 1000


@pytest.mark.parametrize("path, status, message", [
    ("/api/events/999", 404, "event 999 not found"),
    ("/api/articles/999", 404, "article 999 not found"),
    ("/api/nothing-here", 404, "Not Found"),
    ("/static/missing.js", 404, "not found: /static/missing.js"),
    ("/api/events?quad=9", 422, "invalid request: quad: Input should be less than or equal to 4"),
    ("/api/events?limit=1001", 422, "invalid request: limit: Input should be less than or equal to 1000"),
    ("/api/events?since=yesterday", 422, None),
    ("/api/events?cursor=abc", 422, "invalid request: cursor: not a cursor returned by this API (use next_cursor as given)"),
    ("/api/events/abc", 422, None),
    ("/api/dyads?source=PRK", 422, "invalid request: target: Field required"),
])
def test_errors_have_one_shape(app, path, status, message):
    assert_error(get(app, path), status, message)


def test_validation_errors_carry_their_details(app):
    error = assert_error(get(app, "/api/events?quad=9"), 422)
    assert error["detail"] == [{"loc": ["query", "quad"], "msg": "Input should be less than or equal to 4",
                                "type": "less_than_equal"}]


def test_method_not_allowed_and_server_errors_have_the_shape_too(app, monkeypatch):
    assert_error(call(app, "DELETE", "/api/events"), 405, "Method Not Allowed")

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(Q, "stats", broken)
    response = get(app, "/api/stats")
    assert_error(response, 500, "internal server error")
    assert "secret" not in response.text


def test_serve_get_runs_one_request(db):
    from eventwire.cli_store import serve

    result = CliRunner().invoke(serve, ["--db", db, "--get", "/api/events?limit=1&order=date"])
    assert result.exit_code == 0, result.output
    assert '"total":9' in result.stdout and '"id":4' in result.stdout
    result = CliRunner().invoke(serve, ["--db", db, "--get", "/api/events/12345"])
    assert result.exit_code == 1
    assert result.stdout.strip() == '{"error":{"status":404,"message":"event 12345 not found","detail":null}}'


def test_deep_paging_over_many_events(tmp_path):
    path = str(tmp_path / "many.duckdb")
    with Store(path) as store:
        for i in range(30):
            store.add_article(synthetic_article(i, events=40))
    app = build_asgi(ServerConfig(db=path))
    ids, cursor = [], ""
    while True:
        body = get(app, f"/api/events?limit=1000{'&cursor=' + cursor if cursor else ''}").json()
        assert body["total"] == 1200
        ids += [e["id"] for e in body["events"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert sorted(ids) == list(range(1, 1201))


@pytest.mark.slow
def test_posting_a_document_codes_and_stores_it(tmp_path):
    path = str(tmp_path / "w.duckdb")
    Store(path).close()
    app = build_asgi(ServerConfig(db=path, allow_write=True, token="s3cret"))
    auth = {"authorization": "Bearer s3cret"}
    doc = {"text": "Russia attacked Ukraine on Friday.", "url": "https://example.org/a", "published": "2024-11-01"}
    response = call(app, "POST", "/api/documents", json=doc, headers=auth)
    assert response.status_code == 201, response.text
    assert response.json()["stored"] is True and response.json()["article_id"] == 1
    again = call(app, "POST", "/api/documents", json=doc, headers=auth)
    assert (again.status_code, again.json()["stored"], again.json()["article_id"]) == (200, False, 1)
    article = get(app, "/api/articles/1").json()
    assert (article["url"], article["published"], article["body"]) == (
        "https://example.org/a", "2024-11-01", ["Russia attacked Ukraine on Friday."])
    assert_error(call(app, "POST", "/api/documents", json={"url": "x"}, headers=auth), 422,
                 "invalid request: give exactly one of text or html")
