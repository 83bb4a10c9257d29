"""`python -m generators.scale`: build the city-scale benchmark data (generators/scale/load.py)."""

import sys

from generators.scale.load import main

sys.exit(main())
