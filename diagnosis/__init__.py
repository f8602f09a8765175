"""Pure domain of the diagnosis workbench: records, rules, calculators and use-case services.

Nothing here imports Qt, SQL or the outer layers; data arrives through the Protocol ports in
``diagnosis.ports``, wired up by ``main.py``.
"""
