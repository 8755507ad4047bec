"""The HTTP interface: the FastAPI app, its routes (one module per resource) and middleware."""
