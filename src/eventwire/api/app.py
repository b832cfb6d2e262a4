"""The HTTP API and the dashboard: ``create_app(ServerConfig(db="eventwire.duckdb"))``.

Endpoints (all GET unless said; OpenAPI at ``/openapi.json``):
    /                     the dashboard (static files under /static/...)
    /api/events           filtered events, paged (limit <= 1000, offset or cursor), with total
    /api/events/{id}      one event with its sentence, paragraph, article and quotes
    /api/articles/{id}    one article (the JSON contract) with its events
    /api/actors           coded actors with counts
    /api/dyads            time series between two actors, split by QuadClass
    /api/stats            totals and counts by root, quad, period, dyad, country, place
    POST /api/documents   code and store a document: only with allow_write AND a Bearer token

Every error has one JSON shape: ``{"error": {"status": 404, "message": "...", "detail": ...}}``.
Security: the database is opened read-only unless writing is allowed; request bodies are
capped (413); static files are served from a fixed list (no path from a request reaches the
file system); CORS is off unless origins are given; every response carries
Content-Security-Policy (self only), X-Content-Type-Options, X-Frame-Options, Referrer-Policy.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import enum
import hmac
import logging
import os
import threading
from dataclasses import dataclass
from importlib import resources
from typing import Any, Optional

from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware

from .. import __version__
from ..errors import EventwireError, StoreError
from ..store import EventFilter, FilterError, Store
from ..store import query as Q
from ..store.records import document_key

LOGGER = logging.getLogger(__name__)

MAX_ID = 2**63 - 1
CODE_PATTERN = r"^[A-Za-z0-9]{1,30}$"

SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8", ".json": "application/json",
    ".svg": "image/svg+xml", ".png": "image/png", ".txt": "text/plain; charset=utf-8",
    ".ico": "image/x-icon",
}


@dataclass
class ServerConfig:
    db: str
    allow_write: bool = False
    token: Optional[str] = None
    cors_origins: tuple[str, ...] = ()
    max_body: int = 1_000_000  # bytes
    model: Optional[str] = None  # pipeline options for POST /api/documents
    actors: tuple[str, ...] = ()
    timeout: float = 0.0  # seconds to wait for the database lock


class ApiError(EventwireError):
    """An error with its HTTP status (datasette habit: exceptions carry their status)."""

    def __init__(self, status: int, message: str, detail: Any = None):
        super().__init__(message)
        self.status, self.message, self.detail = status, message, detail


def error_body(status: int, message: str, detail: Any = None) -> dict:
    """The one error shape of the API."""
    return {"error": {"status": status, "message": message, "detail": detail}}


class ErrorInfo(BaseModel):
    status: int
    message: str
    detail: Any = None


class ErrorResponse(BaseModel):
    error: ErrorInfo


ERRORS = {code: {"model": ErrorResponse} for code in (400, 404, 413, 422, 500)}


class Interval(str, enum.Enum):
    day = "day"
    week = "week"
    month = "month"


class Order(str, enum.Enum):
    newest = "-date"
    oldest = "date"


class DocumentIn(BaseModel):
    text: Optional[str] = Field(None, description="plain text of the article (or html)")
    html: Optional[str] = Field(None, description="HTML of the page (or text)")
    url: Optional[str] = Field(None, max_length=2000)
    published: Optional[dt.date] = None
    title: Optional[str] = Field(None, max_length=1000)


# ---------------------------------------------------------------- ASGI middleware


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every HTTP response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.decode().lower() not in SECURITY_HEADERS]
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuses request bodies larger than ``max_body`` bytes with 413, declared or streamed."""

    def __init__(self, app, max_body: int):
        self.app, self.max_body = app, max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            return await self._refuse(send)
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_body:
                return await self._refuse(send)
            chunks.append(body)
            more = message.get("more_body", False)
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send):
        response = JSONResponse(error_body(
            413, f"request body too large (limit {self.max_body} bytes)"), status_code=413)
        await response({"type": "http"}, None, send)


# ---------------------------------------------------------------- static files


def static_files() -> dict[str, Any]:
    """The dashboard's files by URL name: a fixed list, so no request path touches the disk."""
    root = resources.files("eventwire.web").joinpath("static")
    found: dict[str, Any] = {}

    def walk(node, prefix: str) -> None:
        for child in node.iterdir():
            name = prefix + child.name
            if child.is_dir():
                walk(child, name + "/")
            elif os.path.splitext(child.name)[1] in CONTENT_TYPES:
                found[name] = child

    if root.is_dir():
        walk(root, "")
    return found


# ---------------------------------------------------------------- the app


def create_app(config: ServerConfig) -> FastAPI:
    """The FastAPI app serving ``config.db``; opens the database now (errors surface at start)."""
    if config.allow_write and not config.token:
        raise StoreError("writing needs a token: pass --token TOKEN or set EVENTWIRE_TOKEN")
    store = Store(config.db, read_only=not config.allow_write, timeout=config.timeout)
    write_lock = threading.Lock()
    files = static_files()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        store.ensure_open()
        yield
        store.close()

    app = FastAPI(
        title="eventwire", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
        description="Political events coded from news: who did what to whom, when, where, "
                    "and who says so. Read-only unless the server allows writing.",
    )
    app.state.store = store
    app.state.config = config

    # ------------------------------------------------------------ errors

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "error"
        return JSONResponse(error_body(exc.status_code, message), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
                  for e in exc.errors()]
        first = detail[0] if detail else {"loc": [], "msg": "invalid request"}
        where = ".".join(str(p) for p in first["loc"][1:] or first["loc"])
        message = f"invalid request: {where}: {first['msg']}" if where else f"invalid request: {first['msg']}"
        return JSONResponse(error_body(422, message, jsonable_encoder(detail)), status_code=422)

    @app.exception_handler(FilterError)
    async def filter_error(request: Request, exc: FilterError):
        return JSONResponse(error_body(422, f"invalid request: {exc}"), status_code=422)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError):
        headers = {"www-authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse(error_body(exc.status, exc.message, exc.detail),
                            status_code=exc.status, headers=headers)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        LOGGER.error("error serving %s", request.url.path, exc_info=exc)
        return JSONResponse(error_body(500, "internal server error"), status_code=500)

    # ------------------------------------------------------------ dependencies

    def connection():
        store.ensure_open()
        con = store.cursor()
        try:
            yield con
        finally:
            con.close()

    def event_filter(
        source: Optional[str] = Query(None, pattern=CODE_PATTERN, description="source actor code, country or code prefix"),
        target: Optional[str] = Query(None, pattern=CODE_PATTERN, description="target actor code, country or code prefix"),
        actor: Optional[str] = Query(None, max_length=200, description="either side: code, country or name substring"),
        root: Optional[str] = Query(None, pattern=r"^\d{1,2}$", description="CAMEO root 01-20"),
        code: Optional[str] = Query(None, pattern=r"^\d{2,4}$", description="CAMEO code prefix"),
        quad: Optional[int] = Query(None, ge=1, le=4, description="QuadClass"),
        since: Optional[dt.date] = Query(None, description="first event date, inclusive"),
        until: Optional[dt.date] = Query(None, description="last event date, inclusive"),
        place: Optional[str] = Query(None, max_length=200, description="ISO3 country or place name"),
        text: Optional[str] = Query(None, max_length=200, description="substring of the sentence"),
    ) -> EventFilter:
        return EventFilter.from_values(source=source, target=target, actor=actor, root=root,
                                       code=code, quad=quad, since=since, until=until,
                                       place=place, text=text)

    # ------------------------------------------------------------ dashboard

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def index():
        return _file_response(files, "index.html")

    @app.api_route("/static/{name:path}", methods=["GET", "HEAD"], include_in_schema=False)
    def static(name: str):
        return _file_response(files, name)

    # ------------------------------------------------------------ API

    @app.get("/api/events", responses=ERRORS, summary="Filtered events, paged")
    def list_events(flt: EventFilter = Depends(event_filter),
                    limit: int = Query(100, ge=1, le=Q.MAX_LIMIT),
                    offset: int = Query(0, ge=0, le=10_000_000),
                    cursor: Optional[str] = Query(None, max_length=200,
                                                  description="next_cursor of the previous page"),
                    order: Order = Query(Order.newest),
                    con=Depends(connection)):
        return Q.query_events(con, flt, limit=limit, offset=offset, cursor=cursor, order=order.value)

    @app.get("/api/events/{event_id}", responses=ERRORS, summary="One event with its sentence, article and quotes")
    def one_event(event_id: int = Path(..., ge=0, le=MAX_ID), con=Depends(connection)):
        found = Q.get_event(con, event_id)
        if found is None:
            raise ApiError(404, f"event {event_id} not found")
        return found

    @app.get("/api/articles/{article_id}", responses=ERRORS, summary="One article with its events")
    def one_article(article_id: int = Path(..., ge=0, le=MAX_ID), con=Depends(connection)):
        found = store.article(article_id, con)
        if found is None:
            raise ApiError(404, f"article {article_id} not found")
        return found

    @app.get("/api/actors", responses=ERRORS, summary="Coded actors with counts")
    def list_actors(q: Optional[str] = Query(None, max_length=100, description="code prefix or name substring"),
                    limit: int = Query(100, ge=1, le=Q.MAX_LIMIT),
                    offset: int = Query(0, ge=0, le=10_000_000), con=Depends(connection)):
        return Q.actors(con, q=q, limit=limit, offset=offset)

    @app.get("/api/dyads", responses=ERRORS, summary="Counts and Goldstein sums between two actors over time")
    def dyads(source: str = Query(..., pattern=CODE_PATTERN), target: str = Query(..., pattern=CODE_PATTERN),
              interval: Interval = Query(Interval.day), directed: bool = Query(False),
              since: Optional[dt.date] = Query(None), until: Optional[dt.date] = Query(None),
              con=Depends(connection)):
        return Q.dyad(con, source, target, interval=interval.value, directed=directed,
                      since=since, until=until)

    @app.get("/api/stats", responses=ERRORS, summary="Counts by root, quad, period, dyad, country and place")
    def get_stats(flt: EventFilter = Depends(event_filter), interval: Interval = Query(Interval.day),
                  con=Depends(connection)):
        return Q.stats(con, flt, interval=interval.value)

    bearer = HTTPBearer(auto_error=False)

    @app.post("/api/documents", status_code=201, responses={**ERRORS, 401: {"model": ErrorResponse},
                                                             403: {"model": ErrorResponse}},
              summary="Code and store a document (needs --allow-write and the token)")
    def add_document(doc: DocumentIn,
                     credentials: Optional[HTTPAuthorizationCredentials] = Depends(bearer)):
        if not config.allow_write:
            raise ApiError(403, "this server is read-only (start it with --allow-write and --token)")
        if credentials is None:
            raise ApiError(401, "missing token: send Authorization: Bearer TOKEN")
        if not hmac.compare_digest(credentials.credentials.encode(), (config.token or "").encode()):
            raise ApiError(403, "invalid token")
        if (doc.text is None) == (doc.html is None):
            raise ApiError(422, "invalid request: give exactly one of text or html")
        with write_lock:
            return _code_and_store(store, config, doc)

    return app


def _file_response(files: dict, name: str) -> Response:
    entry = files.get(name)
    if entry is None:
        raise ApiError(404, f"not found: /static/{name}" if name != "index.html" else "dashboard files are missing")
    suffix = os.path.splitext(name)[1]
    return Response(entry.read_bytes(), media_type=CONTENT_TYPES[suffix],
                    headers={"cache-control": "no-cache"})


def _code_and_store(store: Store, config: ServerConfig, doc: DocumentIn) -> JSONResponse:
    from ..errors import InputError
    from ..model import RawDocument
    from ..pipeline import Options, get_pipeline
    from ..store.ingest import raw_sha256

    raw = RawDocument(input=doc.url or "<api>", text=doc.text, html=doc.html, url=doc.url,
                      title=doc.title, given_published=doc.published)
    pipeline = get_pipeline(Options(model=config.model, actors=config.actors, published=doc.published))
    outcome = next(iter(pipeline.run([raw])))
    if isinstance(outcome, InputError):
        raise ApiError(422, f"invalid request: {outcome.reason}")
    article_id = store.add_article(outcome, raw_sha256=raw_sha256(raw))
    if article_id is None:
        key = document_key(outcome.to_dict())
        existing = store.con.execute("SELECT id FROM articles WHERE doc_key = ?", [key]).fetchone()
        return JSONResponse({"stored": False, "article_id": existing[0] if existing else None,
                             "events": len(outcome.events)}, status_code=200)
    return JSONResponse({"stored": True, "article_id": article_id, "events": len(outcome.events)},
                        status_code=201)


def build_asgi(config: ServerConfig):
    """The app wrapped in the size limit, security headers and (when asked) CORS."""
    app = create_app(config)
    asgi: Any = app
    if config.cors_origins:
        methods = ["GET", "POST"] if config.allow_write else ["GET"]
        asgi = CORSMiddleware(asgi, allow_origins=list(config.cors_origins), allow_methods=methods,
                              allow_headers=["authorization", "content-type"])
    asgi = BodyLimit(asgi, config.max_body)
    asgi = SecurityHeaders(asgi)
    asgi.fastapi = app  # type: ignore[attr-defined]  # tests and --get reach the app (openapi)
    return asgi
