from __future__ import annotations

import sys

# Absolute, not relative: parser worker processes re-run this file as `__mp_main__`, outside the package.
from coderag_mcp.cli import main

if __name__ == "__main__":
    sys.exit(main())
