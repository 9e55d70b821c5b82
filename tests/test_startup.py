"""What importing mtqa loads: the heavy libraries wait until a run needs them."""

from __future__ import annotations

import subprocess
import sys

HEAVY = (
    "pandas",
    "sacrebleu",
    "jinja2",
    "language_tool_python",
    "wordfreq",
    "mtqa.engine",
    "mtqa.readers",
    "mtqa.registry",
)


def _loaded_after(code: str) -> list[str]:
    """The modules of HEAVY that running ``code`` in a new interpreter loads."""
    probe = f"{code}\nimport sys\nprint('loaded:', *(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return out.stdout.rpartition("loaded:")[2].split()


def test_import_mtqa_loads_no_heavy_library():
    assert _loaded_after("import mtqa") == []


def test_public_names_load_on_first_use():
    assert "mtqa.engine" in _loaded_after("import mtqa; mtqa.Checker")


def test_version_loads_no_subcommand_rule_or_reader():
    code = "from mtqa.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n    pass"
    assert _loaded_after(code) == []


def test_a_subcommand_loads_its_module_only():
    code = (
        "import sys\nfrom mtqa.cli import main\n"
        "try:\n    main(['rules', '--format', 'json'])\nexcept SystemExit:\n    pass"
    )
    loaded = _loaded_after(code)
    assert "mtqa.registry" in loaded and "pandas" not in loaded


def test_a_plain_text_check_loads_no_table_library_nor_package_metadata(tmp_path):
    """pandas waits for a table or a CSV report; the version is mtqa.__version__,
    not read through importlib.metadata (40 ms of email parsing modules)."""
    (tmp_path / "a.txt").write_text("The the committee met on Monday.\n", encoding="utf-8")
    code = (
        "from mtqa.cli import main\n"
        f"try:\n    main(['check', {str(tmp_path / 'a.txt')!r}, '--languagetool', 'off'])\n"
        "except SystemExit:\n    pass\n"
        "import sys\nprint('metadata:', 'importlib.metadata' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "metadata: False" in out.stdout
    assert "pandas" not in _loaded_after(code)


def test_the_installed_version_is_the_package_version():
    from importlib.metadata import version

    import mtqa

    assert version("mtqa") == mtqa.__version__


def test_a_short_latin_check_imports_only_what_it_uses(tmp_path):
    """An English file checked with no config file and LanguageTool off, the cache
    warm: the `regex` module (for letters beyond Latin), tomllib (for a config file,
    or a pack the cache has not parsed), the LanguageTool client and
    importlib.resources are never imported (each costs a short check milliseconds)."""
    import os

    (tmp_path / "a.txt").write_text("The committee met on Monday , and agreed.\n", "utf-8")
    unused = ("regex", "tomllib", "mtqa.languagetool", "importlib.resources")
    code = (
        "from mtqa.cli import main\n"
        f"try:\n    main(['check', 'a.txt', '--isolated', '--languagetool', 'off'])\n"
        "except SystemExit:\n    pass\n"
        f"import sys\nprint('imported:', *(m for m in {unused!r} if m in sys.modules))"
    )
    env = {**os.environ, "MTQA_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-c", code]
    for _ in range(3):  # the first run parses the packs, the second stores the tables
        out = subprocess.run(
            command, capture_output=True, text=True, check=True, cwd=tmp_path, env=env
        )
    assert "MT102" in out.stdout  # it checked: the space before the comma
    assert out.stdout.rpartition("imported:")[2].split() == []


def test_the_cli_leaves_the_garbage_collector_as_it_found_it():
    """The CLI pauses the cyclic collector while it imports a subcommand, and hands
    it back on, or off, as its caller had it (`mtqa.gcpause`)."""
    code = (
        "import gc\nfrom mtqa.cli import main\n"
        "for wanted in (True, False, True):\n"
        "    (gc.enable if wanted else gc.disable)()\n"
        "    try:\n        main(['rules', '--format', 'json'])\n"
        "    except SystemExit:\n        pass\n"
        "    print('collecting:', gc.isenabled())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    states = [line.split()[1] for line in out.stdout.splitlines() if line.startswith("collecting")]
    assert states == ["True", "False", "True"]
