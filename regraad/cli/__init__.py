"""The command line: typer, kept thin over the core."""
