"""Reference-based metrics through sacrebleu: corpus BLEU, chrF++ and TER, sentence chrF.

Computed the reproducible way: sacrebleu's defaults (13a tokenisation, or ``zh``
when the target is Chinese; ``ja-mecab`` is not bundled, so Japanese uses
``char``; TER splits Chinese, Japanese and Korean into characters, which its
``asian_support`` does only with ``normalized``), with each metric's signature
reported beside its score. Sentence-level
scores use chrF, as the sacrebleu maintainers advise (sentence BLEU is unreliable).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .model import primary_language

TOKENIZERS = {"zh": "zh", "ja": "char", "ko": "char", "th": "char"}
ASIAN = ("zh", "ja", "ko")


@dataclass(frozen=True)
class CorpusScores:
    """Corpus-level scores over the segments that have a reference."""

    segments: int
    bleu: float
    chrf: float
    ter: float
    signatures: dict[str, str]

    def as_dict(self) -> dict[str, object]:
        return {
            "segments": self.segments,
            "bleu": self.bleu,
            "chrf": self.chrf,
            "ter": self.ter,
            "signatures": self.signatures,
        }


def corpus_metrics(target_lang: str = "en") -> dict[str, Any]:
    """New sacrebleu metrics for a target language (a code such as ``zh-Hans``), by
    sacrebleu's names: ``BLEU``, ``chrF2++``, ``TER`` (`Scorer`'s settings)."""
    # imported here: only runs with references need sacrebleu's metrics
    from sacrebleu.metrics import BLEU, CHRF, TER

    lang = primary_language(target_lang)
    asian = lang in ASIAN
    return {
        "BLEU": BLEU(tokenize=TOKENIZERS.get(lang, "13a")),
        "chrF2++": CHRF(word_order=2),
        "TER": TER(normalized=asian, asian_support=asian),
    }


class Scorer:
    """sacrebleu metrics for one target language, built once per run."""

    def __init__(self, target_lang: str = "en") -> None:
        from sacrebleu.metrics import CHRF

        metrics = corpus_metrics(target_lang)
        self.bleu, self.chrf, self.ter = metrics["BLEU"], metrics["chrF2++"], metrics["TER"]
        self.sentence = CHRF(word_order=2)  # sentence chrF++, an instance of its own

    def corpus(self, hypotheses: Sequence[str], references: Sequence[str]) -> CorpusScores:
        refs = [list(references)]
        bleu = self.bleu.corpus_score(hypotheses, refs)
        chrf = self.chrf.corpus_score(hypotheses, refs)
        ter = self.ter.corpus_score(hypotheses, refs)
        return CorpusScores(
            len(hypotheses),
            round(bleu.score, 2),
            round(chrf.score, 2),
            round(ter.score, 2),
            {
                "bleu": str(self.bleu.get_signature()),
                "chrf": str(self.chrf.get_signature()),
                "ter": str(self.ter.get_signature()),
            },
        )

    def segment_chrf(self, hypothesis: str, reference: str) -> float:
        return round(self.sentence.sentence_score(hypothesis, [reference]).score, 2)
