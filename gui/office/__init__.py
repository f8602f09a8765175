"""The office page: coverage, the pipeline and peers as tables and charts."""
