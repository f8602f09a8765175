"""Sync in the app: the actions and the dialog, settings and certificates, sync bundles
through a file, and conflicts."""
