"""Choosing documents by a side or group specification."""

from __future__ import annotations

import pytest

from analysis.query.selection import select_documents


def test_select_documents(documents) -> None:
    ids = documents["doc_id"].tolist()
    assert select_documents(documents, ids[2]) == [ids[2]]
    assert select_documents(documents, "source=nato") == [ids[1]]
    assert select_documents(documents, "from=2024-10-17, to=2024-10-18") == ids[:3]
    assert select_documents(documents, "from=2024-01-01,ids=" + ids[0] + "|" + ids[4]) == [
        ids[0],
        ids[4],
    ]
    assert select_documents(documents, "to=2020-01-01") == []
    with pytest.raises(ValueError, match="cannot read 'colour=red'"):
        select_documents(documents, "colour=red")
