"""Which codec a file's bytes are read with: a byte-order mark, ``--encoding``, a PO
file's charset, else detection (UTF-8 first, then the usual legacy encodings)."""

from __future__ import annotations

import codecs
import math
import re
import sys

from .. import regexcache
from ..errors import InputError
from ..model import AUTO_ENCODING

LINE_BREAK_RE = regexcache.compile(r"\r\n|\r|\n")  # a line end, of every kind a reader knows

_BOMS = (  # longest first: a UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# What detection chooses among when a file is not UTF-8: the legacy encodings
# translation files still come in (Chinese, Japanese and Korean sources, Western
# targets). charset-normalizer judges best in a short list; wider lists mistook
# short Western texts for Cyrillic or Central European code pages in our trials,
# so any other encoding is named with --encoding.
DETECTED = ("utf_8", "gb18030", "big5", "cp932", "euc_kr", "euc_jp", "cp1252", "latin_1")
# the CJK candidates, each with the language whose characters its reading should be
_LANGUAGE = {"gb18030": "zh", "big5": "zh", "cp932": "ja", "euc_kr": "ko", "euc_jp": "ja"}
_CJK_CODECS = frozenset(_LANGUAGE)
# Han, kana, Hangul syllables and letters, CJK punctuation and full-width forms (not
# the half-width katakana and Hangul letters, which legacy Western bytes read as cp932
# give: "Ã‰" -> "ﾃ‰")
_CJK = "\u3000-\u30ff\u3131-\u318e\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff01-\uff60\uffe0-\uffe6"
# what the CJK codecs also encode and their texts write (“quotes”, ——, …, ·): in a
# CJK reading, neither evidence for it nor against
_SHARED_MARKS = frozenset("\u00b7" + "".join(map(chr, range(0x2010, 0x2028))))
_CJK_RUN_RE = regexcache.compile(f"[{_CJK}]{{2,}}")
_CJK_RE = regexcache.compile(f"[{_CJK}]")
CJK_SHARE = 0.9  # of the characters outside ASCII that a CJK reading must make CJK


def codec_for(head: bytes, encoding: str) -> str:
    """The codec to read a file with, by its Python name: the one its byte-order
    mark names, else ``encoding`` (`AUTO_ENCODING` stays so: see `detect`).
    Raises InputError for an unknown encoding (even where a mark overrides it: the setting
    is wrong for every other file)."""
    try:
        info = None if encoding == AUTO_ENCODING else codecs.lookup(encoding)
    except (LookupError, ValueError):
        raise InputError(f"unknown encoding '{encoding}'") from None
    if info is not None and not info._is_text_encoding:  # base64, rot13, zlib: bytes to bytes
        raise InputError(f"'{encoding}' is not a text encoding")
    given = info.name if info else AUTO_ENCODING
    return next((codec for bom, codec in _BOMS if head.startswith(bom)), given)


def undecodable(
    label: str, codec: str, data: bytes, exc: UnicodeDecodeError, line: int, offset: int
) -> InputError:
    """The one-line error for the byte of ``data`` that ``exc`` could not decode,
    naming ``label``'s ``line`` and the byte's ``offset`` in the file (whole-file and
    chunked reads say it alike)."""
    byte = f"offset {offset}"
    if exc.start < len(data):
        byte = f"byte 0x{data[exc.start]:02x} at {byte}"
    return InputError(
        f"{label}: not valid {codec} on line {line} ({byte}: {exc.reason}); "
        "give the right --encoding"
    )


def binary(label: str, head: bytes) -> InputError:
    """The error for a file with NUL bytes where its encoding has none (``head``: its
    first bytes): binary data, or UTF-16 or UTF-32 text without a byte-order mark,
    whose ASCII characters leave NULs beside each (nine in ten of the bytes where a
    character's high bytes stand NUL, nine in ten of the others not: not /dev/zero):
    then the encoding to give is named."""
    message = f"{label}: binary file (contains NUL bytes), not text"
    for codec, high, low in (
        ("utf-32-le", head[1::4] + head[2::4] + head[3::4], head[0::4]),
        ("utf-32-be", head[0::4] + head[1::4] + head[2::4], head[3::4]),
        ("utf-16-le", head[1::2], head[0::2]),
        ("utf-16-be", head[0::2], head[1::2]),
    ):
        if len(head) >= 8 and high.count(0) >= 0.9 * len(high) and low.count(0) <= 0.1 * len(low):
            return InputError(f"{message}; if it is {codec[:6].upper()} text without a "
                              f"byte-order mark, give --encoding {codec}")  # fmt: skip
    return InputError(message)


def byte_order(codec: str, head: bytes) -> str:
    """``codec`` with its byte order when it is UTF-16 or UTF-32 named without one
    and ``head`` has no mark: the order the zero bytes of its ASCII characters
    show (little-endian text puts them after), else the machine's. Python reads
    such bytes whole in the machine's order, but refuses them piece by piece
    (a chunked run); both now read them the same way."""
    if codec not in ("utf-16", "utf-32") or any(head.startswith(b) for b, _ in _BOMS):
        return codec
    width = 2 if codec == "utf-16" else 4
    units = [head[i : i + width] for i in range(0, len(head) - width + 1, width)]
    little = sum(u[0] != 0 and not any(u[1:]) for u in units)
    big = sum(u[-1] != 0 and not any(u[:-1]) for u in units)
    order = "le" if little > big else "be" if big > little else sys.byteorder[0] + "e"
    return f"{codec}-{order}"


def _plausible(text: str, codec: str) -> bool:
    """Whether ``text``, read as ``codec``, looks like text of that codec: a CJK
    reading must turn the bytes outside ASCII into CJK characters (`CJK_SHARE`; the
    quotes, dashes and ellipses both write are left out), some of them side by
    side. The cp1252 bytes of "It’s done." read as cp932 give one lone Han
    character ("It痴 done."): no evidence of Japanese."""
    if codec not in _CJK_CODECS:
        return True
    foreign = sum(not c.isascii() and c not in _SHARED_MARKS for c in text)
    if not foreign:
        return True
    return len(_CJK_RE.findall(text)) >= CJK_SHARE * foreign and bool(_CJK_RUN_RE.search(text))


STRAY_SHARE = 0.05  # of a UTF-8 text's characters outside ASCII, at most, as bad bytes


def _mostly_utf8(data: bytes) -> bool:
    """Whether bytes that are not valid UTF-8 are UTF-8 text with a few stray bytes:
    many characters outside ASCII decode and few bytes do not. Read in another
    codec, such a file would turn every one of its accented or CJK characters
    into mojibake; a legacy text decodes as almost no valid UTF-8 sequence."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = sum(not c.isascii() for c in text) - bad
    return good > 0 and bad <= STRAY_SHARE * good


# the lines of a text that hold a byte outside ASCII: what tells one encoding from another
_FOREIGN_LINE_RE = re.compile(rb"[^\n]*[\x80-\xff][^\n]*")
RUN_SHARE = 0.5  # of a CJK reading's CJK characters that must stand two or more together


def _decodes(data: bytes, codec: str, final: bool) -> str | None:
    """``data`` decoded strictly with ``codec`` (``final=False``: it may end inside a
    character), None when it cannot be."""
    try:
        return codecs.getincrementaldecoder(codec)().decode(data, final)
    except UnicodeDecodeError:
        return None


def _cjk_reading(text: str) -> bool:
    """Whether ``text`` reads as CJK text: `_plausible`, and most of its CJK characters
    (`RUN_SHARE`) stand side by side, as the words of Chinese, Japanese and Korean
    do. Western bytes read in a CJK codec give lone characters, one for each
    accented letter or curly quote with the letter after it ("It’s" in cp936:
    "It抯")."""
    if not _plausible(text, "gb18030"):
        return False
    cjk = len(_CJK_RE.findall(text))
    return sum(len(m) for m in _CJK_RUN_RE.findall(text)) >= RUN_SHARE * cjk


def detect(data: bytes, final: bool = True) -> str:
    """The codec of bytes that carry no byte-order mark and no --encoding: UTF-8 when
    they decode as UTF-8 (``final=False``: ``data`` is a prefix, and may end inside
    a character) or nearly (`_mostly_utf8`: UTF-8 whose decoding error then names
    the bad byte); else the likeliest of `DETECTED` as charset-normalizer judges the
    lines that hold bytes outside ASCII (the others read alike in every candidate,
    and a file of ASCII with one line of Chinese is judged on that line) when its
    reading is plausible (`_plausible`); else a CJK candidate (charset-normalizer's
    next, then `DETECTED`'s order) that reads every byte and reads as CJK text
    (`_cjk_reading`); else Windows-1252 (or Latin-1, which reads any byte) for
    Western text."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):  # a stray byte in UTF-8 text: its error names the byte
        return "utf-8"
    from charset_normalizer import from_bytes  # only for files that are not UTF-8

    foreign = b"\n".join(_FOREIGN_LINE_RE.findall(data)) or data
    matches = from_bytes(foreign, cp_isolation=list(DETECTED))
    ranked = [codecs.lookup(m.encoding).name for m in matches]
    # none: no candidate reads as text (binary data); UTF-8's error then names a byte
    codec = ranked[0] if ranked else "utf-8"
    if codec in _CJK_CODECS and _plausible(codecs.decode(data, codec, "replace"), codec):
        return _likeliest_cjk(data, final, codec)
    for cjk in dict.fromkeys([*ranked, *DETECTED]):
        if cjk not in _CJK_CODECS or cjk == codec:
            continue
        text = _decodes(data, cjk, final)
        if text is not None and _cjk_reading(text):
            return _likeliest_cjk(data, final, cjk)
    if codec not in _CJK_CODECS:
        return codec  # Western (or UTF-8 for no text), and no CJK reading of it
    for western in ("cp1252", "latin-1"):
        try:
            data.decode(western)
            return western
        except UnicodeDecodeError:
            continue
    return "latin-1"  # unreachable: Latin-1 reads every byte


SAMPLE_BYTES = 1 << 16  # of a file, what the readings are compared on


def _likeliest_cjk(data: bytes, final: bool, chosen: str) -> str:
    """The CJK codec whose reading of ``data`` is likeliest text of its language
    (`mtqa.language.cjk.reading_score` of the first `SAMPLE_BYTES`): ``chosen``,
    unless another candidate reads every byte, plausibly (`_plausible`), as more
    common characters. A few bytes of Chinese decode in several CJK codecs, and
    a statistical detector has too few of them to judge: the GB18030 bytes of
    "县长说" read as EUC-KR are "群낀綱", Han and Hangul mixed as no Korean is written."""
    from ..language.cjk import reading_score  # only for CJK files that are not UTF-8

    head = data[:SAMPLE_BYTES]
    whole = final and len(head) == len(data)

    def score(codec: str, text: str | None) -> float:
        if text is None or not _plausible(text, codec):
            return -math.inf
        found = reading_score(text, _LANGUAGE[codec])
        return -math.inf if found is None else found

    best = chosen
    best_score = score(chosen, codecs.getincrementaldecoder(chosen)("replace").decode(head, whole))
    for codec in _LANGUAGE:
        if codec != chosen:
            found = score(codec, _decodes(head, codec, whole))
            if found > best_score and (whole or _decodes(data, codec, final) is not None):
                best, best_score = codec, found
    return best


# a PO header's charset, in the bytes (ASCII in every encoding a PO file uses but
# UTF-16, which would carry a mark): "Content-Type: text/plain; charset=UTF-8\n"
_PO_CHARSET_RE = re.compile(rb'^"Content-Type:[^"\n]*charset=([A-Za-z0-9_.:-]+)', re.MULTILINE)


def po_charset(name: str, head: bytes) -> str | None:
    """The charset a PO file's header declares, when ``name`` is a PO file and it
    names a text encoding Python knows (not the template's "CHARSET"), else None:
    gettext reads the file in it, and so does mtqa when no --encoding is given."""
    if not name.lower().endswith((".po", ".pot")):
        return None
    found = _PO_CHARSET_RE.search(head)
    if found is None:
        return None
    try:
        info = codecs.lookup(found.group(1).decode("ascii"))
    except LookupError:
        return None
    return info.name if info._is_text_encoding else None
