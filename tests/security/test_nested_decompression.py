"""Decompression is bounded by the total expanded bytes of one load, whatever the nesting or the
member sizes; archives inside archives are not read, whatever their names; no recursion."""

from __future__ import annotations

import gzip
import io
import time
import zipfile

from analysis import load_corpus
from analysis.ingest.loading import Limits

STORY = b"NATO ministers met in Brussels on Thursday to discuss air defence for Ukraine.\n"


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def reasons(corpus) -> dict[str, str]:
    return dict(corpus.problems.itertuples(index=False))


def test_many_small_gz_members_stop_at_the_total_expansion_budget():
    bomb = gzip.compress(b"a" * 200_000, compresslevel=9)  # 200 kB each, under the 1 MB ratio rule
    members = {f"m{n:03}.txt.gz": bomb for n in range(200)}
    limits = Limits(max_total_bytes=1_000_000)
    started = time.process_time()
    corpus = load_corpus([("bombs.zip", zipped(members))], limits=limits)
    assert time.process_time() - started < 2
    found = reasons(corpus)
    # Four members fit: 4 x 200 kB of text plus the gzip bytes the zip expanded to; not a fifth.
    assert len(corpus.documents) == 4
    refused = [name for name, reason in found.items() if "past 1.0 MB expanded in all" in reason]
    assert len(refused) == 196
    assert found["bombs.zip/m199.txt.gz"] == (
        "refused: decompressing it would take the inputs past 1.0 MB expanded in all, "
        "the limit for one load"
    )


def test_an_archive_named_like_a_compressed_text_is_still_not_read():
    inner = zipped({"a.txt": STORY})
    corpus = load_corpus([("outer.zip", zipped({"inner.zip.gz": gzip.compress(inner)}))])
    assert corpus.documents.empty
    assert reasons(corpus) == {
        "outer.zip/inner.zip": "skipped: archives inside archives are not read"
    }


def test_a_zip_inside_a_gz_is_not_read():
    corpus = load_corpus([("inner.zip.gz", gzip.compress(zipped({"a.txt": STORY})))])
    assert reasons(corpus) == {"inner.zip": "skipped: archives inside archives are not read"}


def test_a_gz_of_csv_gz_files_in_a_zip_is_read():
    table = gzip.compress(b"id,text\n1," + STORY)
    corpus = load_corpus([("feeds.zip", zipped({"feed.csv.gz": table}))])
    assert corpus.documents["doc_id"].tolist() == ["1"]


def test_twelve_hundred_gz_suffixes_are_one_problem_not_a_recursion_error():
    data = STORY
    for _ in range(3):
        data = gzip.compress(data)
    name = "x.txt" + ".gz" * 1200
    corpus = load_corpus([(name, data)])
    assert corpus.documents.empty
    assert list(reasons(corpus).values()) == [
        "skipped: compressed files inside compressed files are not read"
    ]


def test_a_huge_gz_says_over_the_limit_not_a_clipped_size():
    data = gzip.compress(b"\0" * 3_000_000)
    corpus = load_corpus([("big.txt.gz", data)], limits=Limits(max_file_bytes=2_000_000))
    assert reasons(corpus) == {"big.txt.gz": "too large when decompressed: over 2.0 MB (the limit)"}
