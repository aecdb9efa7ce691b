from __future__ import annotations

import sys

from desktop_app.main import main

sys.exit(main())
