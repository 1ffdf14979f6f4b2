import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.ingest.decoding import DecodeError, decode_bytes, sniff_binary

SAMPLE = "Café “quoted” – naïve résumé\nSecond line"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("utf-16"), "utf-16"),  # Python writes a BOM
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16"),
        (SAMPLE.encode("cp1252"), "cp1252"),
    ],
)
def test_decodes_common_encodings_exactly(data, encoding):
    decoded = decode_bytes(data)
    assert decoded.text == SAMPLE
    assert decoded.encoding == encoding


def test_latin1_text_reads_as_cp1252_superset():
    text = "Ministre de la Défense à Paris, élève"
    assert decode_bytes(text.encode("latin-1")).text == text


def test_cyrillic_legacy_code_page_is_detected():
    text = "Президент России Владимир Путин заявил сегодня"
    decoded = decode_bytes(text.encode("cp1251"))
    assert decoded.text == text
    assert decoded.encoding == "cp1251"


def test_an_english_text_quoting_russian_in_cp1251_reads_its_cyrillic():
    text = "MOSCOW, 12 May 2023 /TASS/. Sergei Shoigu visited the front. Цитата: «Мы победим»."
    decoded = decode_bytes(text.encode("cp1251"))
    assert (decoded.text, decoded.encoding) == (text, "cp1251")


@pytest.mark.parametrize(
    "text",
    [
        "Café society in Zürich: où est Müller? Señor Núñez stayed.",
        "Le café à Paris, où les élèves étudient le soir.",
    ],
)
def test_western_accents_stay_cp1252(text):
    decoded = decode_bytes(text.encode("cp1252"))
    assert (decoded.text, decoded.encoding) == (text, "cp1252")


def test_line_endings_are_unified_and_nul_bytes_dropped():
    assert decode_bytes(b"one\r\ntwo\rthree\x00\nfour").text == "one\ntwo\nthree\nfour"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.7\n...", "not a text file: looks like a PDF document"),
        (b"\x89PNG\r\n\x1a\n....", "not a text file: looks like a PNG image"),
        (b"PK\x03\x04rest", "not a text file: looks like a ZIP archive (or an Office document)"),
        (bytes(range(32)) * 20, "not a text file: looks like binary data (many control bytes)"),
    ],
)
def test_binary_files_are_refused_with_what_they_look_like(data, reason):
    with pytest.raises(DecodeError) as error:
        decode_bytes(data)
    assert str(error.value) == reason


def test_a_few_nul_bytes_do_not_make_text_binary():
    assert sniff_binary(b"plain text\x00 with one stray NUL byte in a long enough line") is None


@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_raise_decode_error(data):
    try:
        text = decode_bytes(data).text
    except DecodeError as error:
        assert str(error)
    else:
        assert "\r" not in text and "\x00" not in text


@given(st.text(max_size=500))
def test_any_utf8_text_round_trips(text):
    expected = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    try:
        assert decode_bytes(text.encode("utf-8")).text == expected
    except DecodeError:
        # only texts dominated by control characters may be refused
        controls = sum(ord(c) < 32 and c not in "\t\n\r\x0c\x1b" for c in text)
        assert controls / max(len(text.encode()), 1) > 0.1
