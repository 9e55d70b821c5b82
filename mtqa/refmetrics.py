"""Reference-based metrics through sacrebleu: corpus BLEU, chrF++ and TER, sentence chrF.

Computed the reproducible way: sacrebleu's defaults (13a tokenisation, or ``zh``
when the target is Chinese; ``ja-mecab`` is not bundled, so Japanese uses
``char``), with each metric's signature reported beside its score. Sentence-level
scores use chrF, as the sacrebleu maintainers advise (sentence BLEU is unreliable).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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


class Scorer:
    """sacrebleu metrics for one target language, built once per run."""

    def __init__(self, target_lang: str = "en") -> None:
        # imported here: only runs with references build a Scorer
        from sacrebleu.metrics import BLEU, CHRF, TER

        lang = primary_language(target_lang)
        self.bleu = BLEU(tokenize=TOKENIZERS.get(lang, "13a"))
        self.chrf = CHRF(word_order=2)
        self.sentence = CHRF(word_order=2)
        self.ter = TER(asian_support=lang in ASIAN)

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
