import io
import json
import zipfile

import pandas as pd

from analysis.present.export import csv_bundle, parquet_bytes, read_parameters

TABLE = pd.DataFrame({"term": ["NATO", "Rutte, Mark"], "count": [3, 1]})
PARAMETERS = {"filters": {"sources": ["NATO"], "date_from": "2024-10-17"}, "terms": ["F-16"]}


def test_csv_bundle_holds_the_table_and_its_parameters():
    with zipfile.ZipFile(io.BytesIO(csv_bundle(TABLE, "entities", PARAMETERS))) as archive:
        assert sorted(archive.namelist()) == ["entities.csv", "parameters.json"]
        table = pd.read_csv(archive.open("entities.csv"))
        assert table.values.tolist() == [["NATO", 3], ["Rutte, Mark", 1]]
        assert json.loads(archive.read("parameters.json")) == PARAMETERS


def test_parquet_round_trips_table_and_parameters():
    data = parquet_bytes(TABLE, PARAMETERS)
    assert pd.read_parquet(io.BytesIO(data)).values.tolist() == [["NATO", 3], ["Rutte, Mark", 1]]
    assert read_parameters(data) == PARAMETERS
