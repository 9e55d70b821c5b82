"""XLIFF 1.2 and 2.0, and TMX: translation units with source and target.

The XML is parsed with defusedxml (no entity expansion, no external entities,
no DTD tricks); each target's characters are then read back from the file, so
every offset points into the original text, entities and inline tags included.
Inline markup is compared between source and target, and kept out of the text
the rules read as what it stands for: a code or placeholder element (``<x/>``,
``<ph>…</ph>``, ``<bpt>``, ``<ept>``, ``<sc/>`` …) becomes one opaque character,
TAG (U+FFFC, Unicode's object replacement character), mapped to the tag's place
in the file, so "Press <x/> to continue" reads "Press \ufffc to continue" with no
double space; a wrapper around text (``<g>``, ``<pc>``, ``<mrk>``) leaves its text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from .. import regexcache
from ..errors import InputError
from ..model import (
    CODE_ELEMENTS,
    LANGUAGE_TAG_RE,
    TAG,
    Segment,
    has_text,
    primary_language,
)
from . import Parsed, ReadOptions, header_language

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF20 = "urn:oasis:names:tc:xliff:document:2.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# a token of raw element content: CDATA, a comment or processing instruction (whole:
# what is inside is no markup), a tag, an entity, or text
_TOKEN_RE = regexcache.compile(
    r"<!\[CDATA\[(.*?)\]\]>|<!--.*?-->|<\?.*?\?>|<[^>]*>|&#?\w+;|[^<&]+", re.DOTALL
)


_POSITION_RE = regexcache.compile(r":? line \d+, column \d+$")


def _parse(text: str) -> ET.Element:
    try:
        return SafeET.fromstring(text)
    except ET.ParseError as exc:
        line, column = exc.position
        # expat ends its message with the position again, its column counted from 0
        why = _POSITION_RE.sub("", str(exc.msg))
        raise InputError(f"line {line}, column {column + 1}: malformed XML ({why})") from None
    except DefusedXmlException as exc:
        raise InputError(
            f"unsafe XML refused ({type(exc).__name__}): entities and DTDs are not allowed"
        ) from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _tag_signature(element: ET.Element) -> str:
    return f"{_local(element.tag)}#{element.get('id', '')}"


def _plain(element: ET.Element | None) -> tuple[str | None, tuple[str, ...]]:
    """An element's text without inline markup, and the markup's signatures."""
    if element is None:
        return None, ()
    tags = tuple(_tag_signature(child) for child in element.iter() if child is not element)
    return _inner_text(element), tags


def _inner_text(element: ET.Element) -> str:
    """Text inside inline markup that is part of the sentence (``<g>``, ``<pc>``, ``<mrk>``);
    placeholders' own content (``<ph>``, ``<bpt>`` codes) is not: a code element is
    TAG. Walked with a stack of its own, so that markup nested thousands deep is
    read, not a RecursionError."""
    parts: list[str] = []
    stack: list[ET.Element | str] = [element]  # what is still to be read, last first
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
        elif _local(item.tag) in CODE_ELEMENTS:
            parts.append(TAG)
        else:
            parts.append(item.text or "")
            for child in reversed(item):  # each child, then the text after it
                stack += [child.tail or "", child]
    return "".join(parts)


# the only entities XML defines without a DTD (and defusedxml allows none)
_XML_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _entity(token: str) -> str:
    """What an entity or character reference (``&amp;``, ``&#233;``, ``&#x80;``) stands
    for by XML's rules (not HTML's, where ``&#x80;`` would be a euro sign); the XML
    parser has already refused any other."""
    name = token[1:-1]
    if name.startswith("#x"):
        return chr(int(name[2:], 16))
    if name.startswith("#"):
        return chr(int(name[1:]))
    return _XML_ENTITIES.get(name, token)


# an annotation marking its text not to be changed: XLIFF 2's translate="no",
# XLIFF 1.2's mtype="protected"
_PROTECTED_RE = regexcache.compile(
    r"""\b(?:translate\s*=\s*["']no["']|mtype\s*=\s*["']protected["'])"""
)


def _decode_inner(raw: str, base: int) -> tuple[str, list[int], list[tuple[int, int]]]:
    """The text of raw element content (entities decoded, markup dropped), each
    character's file offset, and the spans of the text inside ``<mrk>`` annotations
    marked protected (`_PROTECTED_RE`: no finding may touch them). A code element
    becomes TAG at its opening; its content is dropped with it."""
    chars: list[str] = []
    offsets: list[int] = []
    hidden = 0  # depth inside placeholder elements whose content is code, not text
    marks: list[bool] = []  # the <mrk> elements open, and whether each is protected
    protected: list[tuple[int, int]] = []
    opened = 0  # where the outermost protected annotation's text began
    for m in _TOKEN_RE.finditer(raw):
        token = m.group()
        if token.startswith("<") and re.match(r"</?\s*(?:[\w.-]+:)?mrk\b", token):
            if token.startswith("</"):
                if marks and marks.pop() and not any(marks):
                    protected.append((opened, len(offsets)))
            elif not token.endswith("/>"):
                now = bool(_PROTECTED_RE.search(token))
                if now and not any(marks):
                    opened = len(offsets)
                marks.append(now)
            continue
        if token.startswith("<![CDATA[") and m.group(1) is not None:
            if not hidden:
                chars.append(m.group(1))
                offsets.extend(range(base + m.start(1), base + m.end(1)))
        elif token.startswith("<"):
            name = re.match(r"</?\s*([\w:.-]+)", token)
            local = name.group(1).rsplit(":", 1)[-1] if name else ""
            if local in CODE_ELEMENTS:
                if not token.startswith("</") and not hidden:
                    chars.append(TAG)
                    offsets.append(base + m.start())
                if not token.endswith("/>"):
                    hidden += -1 if token.startswith("</") else 1
        elif not hidden:
            if token.startswith("&"):
                chars.append(_entity(token))
                offsets.append(base + m.start())
            else:
                chars.append(token)
                offsets.extend(range(base + m.start(), base + m.end()))
    return "".join(chars), offsets, protected


# What the XML parser does not see as elements, blanked (same length, so offsets
# hold) before elements are looked for in the text: a commented-out <target>, or
# markup-like text inside CDATA, is no element
_HIDDEN_RE = regexcache.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.DOTALL)


# a start tag's attributes: a ">" inside a quoted value does not end the tag
_ATTRIBUTES = r"""(?:[^>"']|"[^"]*"|'[^']*')*?"""


def _element_spans(text: str, name: str) -> list[tuple[int, int]]:
    """Content spans of every ``<name>`` element, in document order (empty ones too)."""
    pattern = re.compile(
        rf"<(?:[\w.-]+:)?{name}(?=[\s/>]){_ATTRIBUTES}(?:/>|>(.*?)</(?:[\w.-]+:)?{name}\s*>)",
        re.DOTALL,
    )
    visible = _HIDDEN_RE.sub(lambda m: " " * len(m.group()), text)
    return [
        (m.start(1), m.end(1)) if m.group(1) is not None else (m.end(), m.end())
        for m in pattern.finditer(visible)
    ]


def _target_segment(index, text, span, element, source, source_tags, unit_id) -> Segment:
    start, end = span
    decoded, offsets, protected = _decode_inner(text[start:end], start)
    expected, tags = _plain(element)
    if expected is not None and decoded != expected:
        raise InputError(f"unit {unit_id}: could not map the target text back to the file")
    return Segment(
        index,
        decoded,
        start,
        kind="unit",
        char_map=offsets,
        skip=tuple(protected),
        source=source,
        id=unit_id,
        tags=tags,
        source_tags=source_tags,
    )


def _untranslatable(root: ET.Element, unit_tag: str) -> set[int]:
    """The ids (``id()``) of the units not to translate: those whose nearest
    ``translate`` attribute, on themselves or on a group or file around them, says
    "no" (a unit or group marked ``translate="yes"`` inside a group marked "no" is
    to translate). No target is wanted there. Walked with a stack of its own (groups
    nested thousands deep are no RecursionError)."""
    skip: set[int] = set()
    stack = [(root, False)]  # an element, and whether what is around it says "no"
    while stack:
        element, no = stack.pop()
        value = (element.get("translate") or "").strip().lower()
        if value in ("yes", "no"):
            no = value == "no"
        if element.tag == unit_tag:
            if no:
                skip.add(id(element))
            continue  # a unit holds no unit
        stack += [(child, no) for child in element]
    return skip


def _missing_segment(index: int, offset: int, source: str, source_tags, unit_id: str) -> Segment:
    """The segment of a unit with a source and no target: no text, at ``offset``
    (where the target is, or where its source stands when it has no ``<target>``),
    for rule MT307 to report (`mtqa.model.Segment.untranslated`)."""
    return Segment(
        index, "", offset, kind="unit", source=source, id=unit_id, source_tags=source_tags
    )


def read_xliff(text: str, options: ReadOptions) -> Parsed:
    """XLIFF 1.2 (``trans-unit``) or 2.0 (``unit``/``segment``) files. A unit with a
    source and no target (none, or an empty one) is a segment without text
    (`_missing_segment`), unless it is marked ``translate="no"``."""
    root = _parse(text)
    ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    q = (lambda n: f"{{{ns}}}{n}") if ns else (lambda n: n)
    if ns == XLIFF20:
        skip = _untranslatable(root, q("unit"))
        units = [
            (unit.get("id", ""), seg)
            for unit in root.iter(q("unit"))
            if id(unit) not in skip
            for seg in unit.iter(q("segment"))
        ]
        src_lang, trg_lang = root.get("srcLang"), root.get("trgLang")
        where = "<xliff>"
        names = ("srcLang", "trgLang")
    elif ns in (XLIFF12, ""):
        skip = _untranslatable(root, q("trans-unit"))
        units = [(u.get("id", ""), u) for u in root.iter(q("trans-unit")) if id(u) not in skip]
        file = next(root.iter(q("file")), None)
        src_lang = file.get("source-language") if file is not None else None
        trg_lang = file.get("target-language") if file is not None else None
        where = "<file>"
        names = ("source-language", "target-language")
    else:
        raise InputError(f"not an XLIFF 1.2 or 2.0 file (root namespace '{ns}')")
    span_of = _spans(text, root, q("target"), "target")
    sources: dict[int, tuple[int, int]] | None = None  # mapped when a target is missing
    segments = []
    for unit_id, container in units:
        target = container.find(q("target"))
        source_element = container.find(q("source"))
        source, source_tags = _plain(source_element)
        if target is not None:  # empty or not: an empty one is untranslated (MT307)
            segments.append(
                _target_segment(
                    len(segments) + 1, text, span_of[id(target)], target, source, source_tags,
                    unit_id,
                )
            )  # fmt: skip
        elif source is not None and source.strip():  # no <target>: at its source
            sources = sources or _spans(text, root, q("source"), "source")
            offset = sources[id(source_element)][0]
            segments.append(
                _missing_segment(len(segments) + 1, offset, source, source_tags, unit_id)
            )
    return Parsed(
        segments,
        source_lang=header_language(src_lang, f"{where} {names[0]}"),
        target_lang=header_language(trg_lang, f"{where} {names[1]}"),
    )


def _spans(text: str, root: ET.Element, tag: str, name: str) -> dict[int, tuple[int, int]]:
    """The content span in ``text`` of every ``name`` element (by ``id()`` of the
    element, whose qualified tag is ``tag``). Raises InputError when the elements
    found in the text are not those the parser found."""
    elements = list(root.iter(tag))
    spans = _element_spans(text, name)
    if len(spans) != len(elements):
        raise InputError(f"could not map <{name}> elements to the file")
    return {id(e): s for e, s in zip(elements, spans, strict=True)}


def _variants(tu: ET.Element) -> dict[str, ET.Element]:
    """A TMX unit's variants by primary language (the last of each language)."""
    return {
        primary_language(tuv.get(XML_LANG) or tuv.get("lang") or ""): tuv for tuv in tu.iter("tuv")
    }


def _tmx_target(units: list[dict[str, ET.Element]], src: str, options: ReadOptions) -> str | None:
    """The primary language a TMX translates into: the one ``--target-lang`` gives;
    else the default target language when a unit has it, else the one language other
    than the source that the units have; None when that cannot be told (no unit
    has a language other than the source, or several have several)."""
    if "target" in options.given:
        return primary_language(options.target_lang)
    default = primary_language(options.target_lang)
    others = {lang for variants in units for lang in variants if lang and lang != src}
    if default in others:
        return default
    return next(iter(others)) if len(others) == 1 else None


def read_tmx(text: str, options: ReadOptions) -> Parsed:
    """TMX: each ``tu`` is a segment, its target-language variant the target.

    The target language is the one ``--target-lang`` gives, else the one the units
    have (`_tmx_target`). A unit without a variant in it, or with an empty ``<seg>``
    there, is a segment without text (at its source's ``<seg>``: a missing
    translation, rule MT307). Raises InputError for a unit without a variant in the
    target language when that language cannot be told, or without the source's
    either (its languages are neither), and for a variant without a ``<seg>``."""
    root = _parse(text)
    header = root.find("header")
    declared = header.get("srclang") if header is not None else None
    if declared != "*all*":  # TMX's word for "any language": none declared
        declared = header_language(declared, "<header> srclang")
    src_lang = declared if declared not in (None, "*all*") else options.source_lang
    if "source" in options.given:
        src_lang = options.source_lang
    src = primary_language(src_lang)
    tus = list(root.iter("tu"))
    units = [_variants(tu) for tu in tus]
    default = primary_language(options.target_lang)
    trg = _tmx_target(units, src, options)
    if trg is None and tus:
        others = sorted({k for variants in units for k in variants if k and k != src})
        why = (
            f"no unit has an '{default}' variant, and they have several others "
            f"({', '.join(others)})"
            if others
            else f"no unit has a variant but the source's ('{src}')"
        )
        raise InputError(
            f"cannot tell the language this TMX translates into: {why}; give --target-lang"
        )
    span_of = _spans(text, root, "seg", "seg")
    segments = []
    for n, (tu, variants) in enumerate(zip(tus, units, strict=True), 1):
        unit_id = tu.get("tuid") or str(n)
        target_tuv, source_tuv = variants.get(trg or default), variants.get(src)
        if target_tuv is None and source_tuv is None:
            langs = ", ".join(sorted(k for k in variants if k)) or "none"
            raise InputError(
                f"unit {unit_id} has neither a '{src}' nor a '{trg}' variant "
                f"(its languages: {langs})"
            )
        source_seg = source_tuv.find("seg") if source_tuv is not None else None
        source, source_tags = _plain(source_seg)
        if target_tuv is None:  # the source alone: untranslated, at the source's <seg>
            if source_seg is None:
                raise InputError(f"unit {unit_id}: its '{src}' variant has no <seg>")
            if has_text(source):
                offset = span_of[id(source_seg)][0]
                segments.append(
                    _missing_segment(len(segments) + 1, offset, source, source_tags, unit_id)
                )
            continue
        seg = target_tuv.find("seg")
        if seg is None:
            raise InputError(f"unit {unit_id}: its '{trg}' variant has no <seg>")
        segments.append(
            _target_segment(
                len(segments) + 1, text, span_of[id(seg)], seg, source, source_tags, unit_id
            )
        )
    target_lang = options.target_lang if trg in (None, default) else trg
    if trg is not None:
        target_lang = _full_tag([v.get(trg) for v in units], trg) or target_lang
    return Parsed(segments, source_lang=src_lang, target_lang=target_lang)


def _full_tag(tuvs: list[ET.Element | None], primary: str) -> str | None:
    """The language tag the target variants ``tuvs`` (those of language ``primary``)
    all write, script and region kept (sr-Latn: rule MT308 reads the script from
    it); None when they write several, or one that is no language tag."""
    tags = {(tuv.get(XML_LANG) or tuv.get("lang") or "").strip() for tuv in tuvs if tuv is not None}
    tag = next(iter(tags)) if len(tags) == 1 else None
    if tag is None or not LANGUAGE_TAG_RE.match(tag) or primary_language(tag) != primary:
        return None
    return tag
