"""Fuzz target: a config file (``mtqa.toml``) read as ``mtqa check --config`` reads it.

The bytes are written to ``mtqa.toml`` and read through the CLI's own
`mtqa.cli.options.settings`; the settings then build a `Checker` and read a small
table with them, as a run would. Settings that would reach outside the fuzzer's
folder (a glossary or rule-pack path, a LanguageTool server) are dropped first:
a fuzzer must not read the machine's files or the network.

Run: ``python fuzz/fuzz_config.py -max_total_time=60 build/fuzz/config fuzz/corpus/config``
(or ``make fuzz``); see fuzz/README.md.
"""

from __future__ import annotations

from dataclasses import replace

import _harness

with _harness.instrumented():
    import mtqa.config
    import mtqa.readers.files
    import mtqa.readers.table
    from mtqa import Checker
    from mtqa.cli.options import settings
    from mtqa.errors import MtqaError
    from mtqa.readers import parse
    from mtqa.run import read_options

TABLE = "id,source,target,mt\n1,源,The the plan. . Done.,x\n"


def _contained(config: mtqa.config.Config) -> mtqa.config.Config:
    """``config`` without what would reach the machine's files or a server: paths
    (strings) are dropped; a value of another type stays, to be refused or not."""
    glossary = None if isinstance(config.glossary, str) else config.glossary
    rules = () if all(isinstance(r, str) for r in config.rules) else config.rules
    return replace(config, glossary=glossary, rules=rules, languagetool="off",
                   languagetool_url=None)  # fmt: skip


def test_one_input(data: bytes) -> None:
    """Read ``data`` as a config file and run with it: a MtqaError (a ConfigError
    naming the setting, or an InputError for the table) refuses it; anything else
    is a crash."""
    path = _harness.scratch_file("mtqa.toml", data)
    try:
        config = _contained(settings({"config_file": str(path)}))
        mtqa.readers.files.codec_for(b"", config.encoding)  # as reading a file starts
        checker = Checker(config)
        doc = parse(TABLE, "t.csv", "csv", read_options(config))
        _harness.assert_findings(checker.check(doc))
    except MtqaError:
        pass


if __name__ == "__main__":
    _harness.main(test_one_input)
