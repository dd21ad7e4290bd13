"""python -m repression_data.cli: the same as the repression-data command."""

import sys

from repression_data.cli.main import main

sys.exit(main())
