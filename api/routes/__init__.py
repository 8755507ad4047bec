"""HTTP routes, one module per resource; `api.app.ROUTERS` lists them in order."""
