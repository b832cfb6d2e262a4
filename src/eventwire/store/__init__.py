"""The embedded DuckDB event store: schema + migrations, ingest, query, export, stats.

    from eventwire.store import Store, EventFilter, query_events
    with Store("eventwire.duckdb") as store:
        store.add_article(article)
    with Store("eventwire.duckdb", read_only=True) as store:
        page = query_events(store.cursor(), EventFilter.from_values(source="RUS"), limit=10)
"""
from ..errors import StoreError
from .core import Store, connect, migrate, schema_version
from .export import FORMATS as EXPORT_FORMATS, ExportError, export
from .ingest import IngestReport, ingest_documents, ingest_paths
from .query import (MAX_LIMIT, EventFilter, FilterError, actors, dyad, get_event, query_events,
                    stats)
from .records import document_key
from .schema import MIGRATIONS, SCHEMA_VERSION

__all__ = [
    "Store", "StoreError", "connect", "migrate", "schema_version", "EventFilter", "FilterError",
    "query_events", "get_event", "actors", "dyad", "stats", "export", "ExportError",
    "EXPORT_FORMATS", "IngestReport", "ingest_documents", "ingest_paths", "document_key",
    "MIGRATIONS", "SCHEMA_VERSION", "MAX_LIMIT",
]
