"""``python -m vtour`` runs the ``vtour`` command."""

import sys

from vtour.cli import main

sys.exit(main())
