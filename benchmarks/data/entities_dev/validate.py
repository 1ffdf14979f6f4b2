#!/usr/bin/env python3
"""Validate the entity development set in this folder with the held-out set's checks (stdlib
only): ``python validate.py`` runs ``../heldout_news/validate.py`` on this folder."""

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.argv = [sys.argv[0], str(HERE)]
runpy.run_path(str(HERE.parent / "heldout_news" / "validate.py"), run_name="__main__")
