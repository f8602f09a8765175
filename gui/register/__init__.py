"""The register window: the enterprise table and its model, search and filters, the work
columns, the enterprise editor, the import dialog and its report, and the first-run welcome."""
