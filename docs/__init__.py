"""Documentation generated from the code (``make docs``)."""
