"""Start Home Assistant from this checkout's .venv, also on Python 3.13.0/3.13.1.

Home Assistant 2026.2.3 refuses to start below Python 3.13.2 (`validate_python` in its
__main__), although it runs on 3.13.0 for development. On such an interpreter this
launcher skips that one check and says so; on 3.13.2 and newer it runs `hass` unchanged.
"""

from __future__ import annotations

import sys

from homeassistant import __main__ as hass_main
from homeassistant.const import REQUIRED_PYTHON_VER


def main() -> int:
    """Run Home Assistant's own entry point with the given command line."""
    if sys.version_info[:3] < REQUIRED_PYTHON_VER:
        found = ".".join(map(str, sys.version_info[:3]))
        needed = ".".join(map(str, REQUIRED_PYTHON_VER))
        print(
            f"run_hass: Python {found} is older than the {needed} Home Assistant asks for; "
            "skipping that version check for development",
            flush=True,
        )
        hass_main.validate_python = lambda: None
    return hass_main.main()


if __name__ == "__main__":
    sys.exit(main())
