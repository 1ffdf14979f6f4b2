"""Turn the bytes of a user's file into text, or say precisely why that is not possible.

Files reach the product from many hands: UTF-8 with or without a byte-order mark, UTF-16 exported
by Windows tools, legacy 8-bit encodings (cp1252, latin-1, cp1251), stray NUL bytes and mixed line
endings. All of these are decoded. Only files that are not text at all (PDFs, images, archives,
executables) are refused, with a reason that names what they look like. A file that mixes UTF-8
lines with legacy 8-bit lines (pasted together from two sources) is read line by line, each in
the encoding it fits, and says so in :attr:`Decoded.warning`: it is never silently read wholly
in the legacy code page, which turns every UTF-8 accent and quote into mojibake.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

#: Leading bytes of common binary formats, so that the reason can say what the file is.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office document"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"{\\rtf", "an RTF document"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control bytes that never occur in text (everything below 0x20 except tab, LF, FF, CR, ESC).
_CONTROL = bytes(set(range(32)) - {9, 10, 12, 13, 27})


class DecodeError(ValueError):
    """Raised when bytes are not text; the message is the reason shown to the user."""


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the encoding it was read with (for the record, not for logic), and a
    one-line warning for the user when the reading is doubtful (``None`` otherwise)."""

    text: str
    encoding: str
    warning: str | None = None


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format ``data`` looks like, or ``None`` if it may be text.

    A file is binary when it starts with a known magic number, or when more than 10% of its first
    8 KB are control bytes that text never contains (a few stray NUL bytes are tolerated).
    """
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    head = data[:8192]
    if not head:
        return None
    controls = len(head) - len(head.translate(None, _CONTROL))
    if controls / len(head) > 0.10:
        return "binary data (many control bytes)"
    return None


def normalise_newlines(text: str) -> str:
    """Unify CR LF and lone CR line endings as LF and drop NUL characters."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data`` as text, trying a byte-order mark, then UTF-8, then a detected 8-bit code.

    Raises :class:`DecodeError` with a user-facing reason when the bytes are not text.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(normalise_newlines(data.decode(encoding)), encoding)
            except UnicodeDecodeError as error:
                raise DecodeError(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding}"
                ) from error
    binary = sniff_binary(data)
    if binary:
        raise DecodeError(f"not a text file: looks like {binary}")
    try:
        return Decoded(normalise_newlines(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    mixed = _decode_mixed(data)
    if mixed is not None:
        return mixed
    text, encoding = _decode_legacy(data)
    return Decoded(normalise_newlines(text), encoding)


def _decode_mixed(data: bytes) -> Decoded | None:
    """Read a file whose lines are partly UTF-8 (with non-ASCII characters) and partly not, line
    by line, or ``None`` when no line is non-ASCII UTF-8 (then it is a legacy file)."""
    lines = data.split(b"\n")
    utf8: dict[int, str] = {}
    legacy: list[int] = []
    for number, line in enumerate(lines):
        try:
            utf8[number] = line.decode("utf-8")
        except UnicodeDecodeError:
            legacy.append(number)
    if not any(not line.isascii() for line in utf8.values()):
        return None
    _, encoding = _decode_legacy(b"\n".join(lines[number] for number in legacy))
    for number in legacy:
        utf8[number] = lines[number].decode(encoding, errors="replace")
    text = "\n".join(utf8[number] for number in range(len(lines)))
    first = legacy[0] + 1
    warning = (
        f"mixes UTF-8 and {encoding}: {len(legacy)} line(s) (the first is line {first}) were "
        f"read as {encoding}, the rest as UTF-8; check accents and quotes there"
    )
    return Decoded(normalise_newlines(text), f"utf-8+{encoding}", warning)


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Decode non-UTF-8 bytes and name the encoding used; never fails.

    Western text is by far the most common legacy case, so cp1252 comes first. Detection on short
    samples is unreliable (it reads "Café" as cp1250), so it is consulted only when the cp1252
    reading is implausible: more than a third of its letters non-ASCII, as Cyrillic or Greek text
    read in the wrong code page would be.
    """
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    letters = [char for char in text if char.isalpha()]
    foreign = sum(not char.isascii() for char in letters)
    if (letters and foreign / len(letters) > 1 / 3) or _words_of_another_alphabet(text):
        detected = _detect(data)
        if detected:
            try:
                return data.decode(detected), detected
            except (UnicodeDecodeError, LookupError):
                pass
    return text, encoding


#: A word of letters (as a legacy code page reads them).
_WORD = re.compile(r"[^\W\d_]+")
#: Words that show a passage of another alphabet read in cp1252: at least this many, and at least
#: this share of the words with a letter outside ASCII.
MIN_FOREIGN_WORDS = 2
FOREIGN_WORD_SHARE = 0.5


def _words_of_another_alphabet(text: str) -> bool:
    """Whether cp1252 text holds a passage of another alphabet read in the wrong code page: an
    English article quoting Russian in cp1251 reads "Öèòàòà: «Ìû ïîáåäèì»", words made only of
    accented letters, where Western text has accents inside words of ASCII letters ("Café",
    "Müller", "où")."""
    accented = [word for word in _WORD.findall(text) if not word.isascii()]
    whole = [word for word in accented if len(word) > 1 and not any(c.isascii() for c in word)]
    return len(whole) >= MIN_FOREIGN_WORDS and len(whole) >= FOREIGN_WORD_SHARE * len(accented)


def _detect(data: bytes) -> str | None:
    """The encoding charset-normalizer finds most plausible, or ``None``."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    return best.encoding if best is not None else None
