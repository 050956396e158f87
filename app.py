"""The web app, as the design card names it: ``python app.py [--port 7860]`` is ``jimuqa serve``.

The app itself lives in ``jimuqa/ui/app.py`` (folder ``ui/``); this script only hands its arguments to the CLI.
"""

import sys

from jimuqa.ui.cli import main

if __name__ == "__main__":
    main(["serve", *sys.argv[1:]])
