"""The improvement plan: context from a visit, Jinja2 templates to markup, markup to PDF."""
