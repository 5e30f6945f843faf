"""Make Pilot 3's modules importable for a recording script (one owner for this preamble).

PILOT3_DIR goes first on sys.path; third-party modules missing on this machine are stubbed
(empty modules), never Pilot 3's own code. Import this before any pilot.* module.
"""
import importlib
import os
import sys
import types

PILOT3 = os.environ['PILOT3_DIR']
sys.path.insert(0, PILOT3)

for _name in ('requests', 'psutil', 'rucio', 'rucio.client', 'gfal2', 'urllib3'):
    try:
        importlib.import_module(_name)
    except ImportError:
        sys.modules[_name] = types.ModuleType(_name)
