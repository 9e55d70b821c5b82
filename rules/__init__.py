"""mtqa's built-in rules: Python rule modules here, data packs in ``packs/``.

Installed, this folder is the ``mtqa.rules`` package. Every module-level
:class:`mtqa.rulebase.Rule` in a module here is a built-in rule.
"""
