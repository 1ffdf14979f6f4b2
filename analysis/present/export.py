"""Tables as downloadable files that carry the parameters that produced them.

An analysis must be repeatable: every exported table travels with the filters and settings behind
it, as a ``parameters.json`` beside the CSV (in one zip) or inside the Parquet file's metadata.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

#: The key under which Parquet files store the parameters (read it with ``read_parameters``).
PARQUET_KEY = b"news_explorer.parameters"


def parameters_json(parameters: Mapping[str, Any]) -> str:
    """The parameters as indented, key-sorted JSON (values that are not JSON become strings)."""
    return json.dumps(dict(parameters), indent=2, sort_keys=True, ensure_ascii=False, default=str)


def csv_bundle(table: pd.DataFrame, name: str, parameters: Mapping[str, Any]) -> bytes:
    """A zip holding ``NAME.csv`` (UTF-8, header row) and the ``parameters.json`` behind it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{name}.csv", table.to_csv(index=False))
        archive.writestr("parameters.json", parameters_json(parameters))
    return buffer.getvalue()


def parquet_bytes(table: pd.DataFrame, parameters: Mapping[str, Any]) -> bytes:
    """The table as Parquet, with the parameters stored in the file's key-value metadata."""
    arrow = pa.Table.from_pandas(table.reset_index(drop=True), preserve_index=False)
    metadata = dict(arrow.schema.metadata or {})
    metadata[PARQUET_KEY] = parameters_json(parameters).encode("utf-8")
    buffer = io.BytesIO()
    pq.write_table(arrow.replace_schema_metadata(metadata), buffer)
    return buffer.getvalue()


def read_parameters(parquet: bytes) -> dict[str, Any]:
    """The parameters stored in a file written by :func:`parquet_bytes` (``{}`` if none)."""
    metadata = pq.read_schema(io.BytesIO(parquet)).metadata or {}
    raw = metadata.get(PARQUET_KEY)
    return json.loads(raw) if raw else {}
