"""Browser tests of the HTML report folder (``mtqa check --report-dir``) in Chromium.

They need Playwright for Python and a Chromium (``/usr/bin/chromium``, or
``MTQA_CHROMIUM``); without them they skip, unless ``MTQA_BROWSER_TESTS=required``
(as in CI), where a missing piece fails them. ``pytest -m "not browser"`` leaves them out.
"""
