"""``python -m regraad``."""

from .cli.app import main

raise SystemExit(main())
