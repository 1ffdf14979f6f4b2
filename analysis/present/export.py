"""Tables as downloadable files that carry the parameters that produced them.

An analysis must be repeatable: every exported table travels with the filters and settings behind
it, as a ``parameters.json`` beside the CSV (in one zip) or inside the Parquet file's metadata.

Documents are untrusted input, and a CSV is opened in spreadsheets, which run a cell starting with
``=``, ``+``, ``-``, ``@``, tab or CR as a formula ("CSV injection"). Downloads made for people
(:func:`csv_bundle`, :func:`spreadsheet_csv`) therefore pass through :func:`spreadsheet_safe`,
which prefixes such cells with ``'`` as OWASP advises. The command line's ``export`` files are the
public data contract, read by programs: they keep every value unchanged (a ``-5`` stays ``-5``).
Parquet is not a spreadsheet format and is never altered.
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

from analysis.core.cells import formula_safe, is_formula

#: The key under which Parquet files store the parameters (read it with ``read_parameters``).
PARQUET_KEY = b"news_explorer.parameters"


def parameters_json(parameters: Mapping[str, Any]) -> str:
    """The parameters as indented, key-sorted JSON (values that are not JSON become strings)."""
    return json.dumps(dict(parameters), indent=2, sort_keys=True, ensure_ascii=False, default=str)


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) a spreadsheet would run as a
    formula start with ``'``; numbers and other cells are unchanged (a number is never a formula).
    """
    safe = frame.copy()
    for column in safe.columns:
        values = safe[column]
        textual = values.dtype == object or isinstance(values.dtype, pd.StringDtype)
        if textual and values.map(is_formula).any():
            safe[column] = values.map(formula_safe)
    safe.columns = [formula_safe(column) for column in safe.columns]
    return safe


def spreadsheet_csv(table: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV bytes (header row) for a download, formula cells neutralised."""
    return spreadsheet_safe(table).to_csv(index=False).encode("utf-8")


def csv_bundle(
    table: pd.DataFrame, name: str, parameters: Mapping[str, Any], spreadsheet: bool = True
) -> bytes:
    """A zip holding ``NAME.csv`` (UTF-8, header row) and the ``parameters.json`` behind it.

    The CSV is made safe to open in a spreadsheet (:func:`spreadsheet_safe`) unless
    ``spreadsheet`` is false.
    """
    buffer = io.BytesIO()
    rows = spreadsheet_safe(table) if spreadsheet else table
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{name}.csv", rows.to_csv(index=False))
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
