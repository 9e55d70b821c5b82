"""The run signature: one readable line naming everything that can change a run's
scores or verdicts, so that two scores are compared only when their signatures
match. The shape follows sacrebleu's metric signatures (Post 2018, "A Call for
Clarity in Reporting BLEU Scores"): ``key:value`` fields joined by ``|``.

Fields, in order (hashes are the first 8 hex digits of a SHA-256):

- ``mtqa``: the version;
- ``rules``: the rule-set fingerprint (codes, names, severities as configured,
  origins; see `registry.fingerprint`);
- ``preset``, ``weights`` (neutral, minor, major, critical), ``rwc`` (reference
  word count), ``tol`` (tolerance per 1,000 words), ``pass`` (the threshold),
  ``failon`` (the severity that fails a text), ``maxpen`` (the raw cap per 1,000
  words, or ``none``): the scoring model of `mtqa.scoring`;
- ``allow``, ``gloss``, ``packs``, ``base``, ``pfi``: hashes of the allowlist
  (sorted, lowercase), the glossary file, the user's rule-pack files, the
  findings left out unseen (the fingerprints a baseline file records and those
  triage files mark false positive, together: one list, wherever each came
  from) and the per-file ignores, or ``none``;
- ``lt``: whether LanguageTool checked (``on``) or not (``off``), and when it
  did, a hash of its issue types mapped to mtqa codes and the LanguageTool rules
  selected or ignored (``LT:EN_A_VS_AN``), if any;
- ``read``: how inputs become segments (paragraph mode, columns, the encoding
  by its codec name: utf8 and UTF-8 are one) and ``lang``: the source and target
  languages, lowercased (BCP 47 tags are case-insensitive).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

from .model import SEVERITIES


def short_hash(parts: Iterable[str]) -> str:
    """The first 8 hex digits of the SHA-256 of ``parts`` joined by newlines."""
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:8]


def _number(value: float) -> str:
    """A figure as written in the signature: 5 rather than 5.0, 0.8 as is."""
    return f"{value:g}"


def run_signature(
    version: str,
    *,
    rules: str,
    preset: str,
    weights: Mapping[str, float],
    rwc: int,
    tolerance: float,
    threshold: float,
    fail_on: str,
    max_penalty_per_kw: float | None,
    allow: Iterable[str],
    glossary: str | None,
    packs: Iterable[str],
    baseline: Iterable[str] | None,
    per_file_ignores: Mapping[str, Iterable[str]],
    languagetool: bool,
    languagetool_types: Mapping[str, str],
    languagetool_rules: Iterable[str],
    reading: Iterable[str],
    languages: tuple[str | None, str | None],
) -> str:
    """The signature line of a run; see the module's docstring for each field.

    ``glossary`` is the glossary file's digest (or None), ``packs`` the user's pack
    files' digests, ``baseline`` the fingerprints the baseline accepts and those
    triage files mark false positive (or None: no baseline, no false positive),
    ``reading`` the reading settings as strings, ``languagetool_rules`` the
    LanguageTool selectors given (`registry.lt_selectors`).
    """
    packs = list(packs)
    allow = sorted({a.strip().lower() for a in allow if a.strip()})
    ignores = [f"{glob}={','.join(sel)}" for glob, sel in sorted(per_file_ignores.items())]
    # what LanguageTool was told and how its issues map: only when it checked
    lt_settings = [f"{k}={v}" for k, v in sorted(languagetool_types.items())]
    lt_settings += sorted(languagetool_rules)
    fields = {
        "mtqa": version,
        "rules": rules,
        "preset": preset,
        "weights": ",".join(_number(weights[s]) for s in SEVERITIES),
        "rwc": str(rwc),
        "tol": _number(tolerance),
        "pass": _number(threshold),
        "failon": fail_on,
        "maxpen": "none" if max_penalty_per_kw is None else _number(max_penalty_per_kw),
        "allow": short_hash(allow) if allow else "none",
        "gloss": short_hash([glossary]) if glossary else "none",
        "packs": short_hash(packs) if packs else "none",
        "base": "none" if baseline is None else short_hash(sorted(baseline)),
        "pfi": short_hash(ignores) if ignores else "none",
        "lt": "off"
        if not languagetool
        else "on" + (f"+{short_hash(lt_settings)}" if lt_settings else ""),
        "read": short_hash(reading),
        "lang": "-".join((lang or "auto").lower() for lang in languages),
    }
    return "|".join(f"{key}:{value}" for key, value in fields.items())
