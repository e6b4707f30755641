# SPDX-License-Identifier: EUPL-1.2
"""Import first in the bench scripts: sets up Django with ``motcua.settings``.

``DATABASE_URL`` selects the database, as for the application itself.
"""

import os
import sys
from pathlib import Path

import django

SRC = Path(__file__).resolve().parents[1] / "src"
if SRC.is_dir() and str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
django.setup()
