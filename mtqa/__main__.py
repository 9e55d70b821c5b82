"""``python -m mtqa`` runs the CLI."""

from .cli import main

main()
