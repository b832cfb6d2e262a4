"""The HTTP API (FastAPI) and the dashboard it serves. See ``app.py`` for the endpoints."""
from .app import ApiError, ServerConfig, build_asgi, create_app, error_body
from .client import call

__all__ = ["call", "ApiError", "ServerConfig", "build_asgi", "create_app", "error_body"]
