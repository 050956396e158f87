"""``python -m jimuqa.ui`` is the ``jimuqa`` command."""

from jimuqa.ui.cli import main

main()
