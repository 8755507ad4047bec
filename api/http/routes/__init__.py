"""HTTP routes, one module per resource; `api.http.app.ROUTERS` lists them in order."""
