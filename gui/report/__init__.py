"""The improvement plan from the app: export, font and open, with their dialogs."""
