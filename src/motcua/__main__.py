# SPDX-License-Identifier: EUPL-1.2
import sys

from motcua.cli import main

sys.exit(main())
