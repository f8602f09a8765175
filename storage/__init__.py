"""The only SQL of the app: the local SQLite store, its migrations and repositories.

Implements the ports of ``diagnosis.ports``; never imports Qt or the GUI.
"""
