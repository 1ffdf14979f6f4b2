#!/usr/bin/env python3
"""Validate this folder's entity set: ``python3 validate.py`` runs ``../validate_entities.py`` on
it (stdlib only; nothing of the project is imported)."""

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.argv = [str(HERE.parent / "validate_entities.py"), str(HERE)]
runpy.run_path(sys.argv[0], run_name="__main__")
