"""Fuzz target: a user's rule pack read as ``mtqa check --rules pack.toml`` reads it.

The bytes are written to ``pack.toml`` and loaded with the built-in rules
(`mtqa.registry.load_rules`, which refuses a code that clashes); every rule of
the pack then checks a sample text and the pack's own examples, so that what a
pack can say (patterns, messages, suggestions, contexts) is exercised as a run
exercises it.

Run: ``python fuzz/fuzz_packs.py -max_total_time=60 build/fuzz/packs fuzz/corpus/packs``
(or ``make fuzz``); see fuzz/README.md.
"""

from __future__ import annotations

import _harness

with _harness.instrumented():
    import mtqa.packs
    import mtqa.readers.plaintext  # noqa: F401  (reads the sample text below)
    from mtqa import Checker, Config
    from mtqa.errors import MtqaError
    from mtqa.readers import parse
    from mtqa.registry import load_rules

SAMPLE = (
    "My country held a press conference. People mountain people sea.\n\n"
    'Latest news\n\nThe plan, said "I", is done. . Qie Qie visited Beijing.\n'
)


def test_one_input(data: bytes) -> None:
    """Load ``data`` as a rule pack and check text with its rules: a MtqaError (a
    ConfigError naming the pack, rule or entry) refuses it; anything else is a crash."""
    path = _harness.scratch_file("pack.toml", data)
    try:
        ruleset = load_rules([path])
        codes = tuple(r.code for r in ruleset.rules if r.origin != "built-in")
        if not codes:
            return
        checker = Checker(Config(select=codes, languagetool="off"), ruleset=ruleset)
        examples = [e.text for r in ruleset.rules if r.code in codes for e in r.flags]
        passes = [t for r in ruleset.rules if r.code in codes for t in r.passes]
        texts = [SAMPLE, *(t for t in examples + passes if isinstance(t, str) and t.strip())]
        for text in texts:
            _harness.assert_findings(checker.check(parse(text, "x.txt", "txt")))
    except MtqaError:
        pass


if __name__ == "__main__":
    _harness.main(test_one_input, cache=False)  # a table cached for every pack it makes
