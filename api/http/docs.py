"""The interactive API docs, `/docs` (Swagger UI) and `/redoc` (ReDoc), served whole by the
app: they work without the internet and their policy allows scripts from the app only.

The Swagger UI and ReDoc bundles come from the `fastapi-offline` package (MIT; it ships
swagger-ui-dist 5 and the ReDoc 2 standalone bundle, and depends on nothing but FastAPI);
only its files are used. Each page is started by a small script of ours in `docs_assets/`,
not an inline one, so no 'unsafe-inline' is needed for scripts.
"""

from html import escape
from importlib import resources
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse

from api.http.problems import ProblemError

BUNDLES = Path(str(resources.files("fastapi_offline").joinpath("static")))
OURS = Path(__file__).with_name("docs_assets")
ASSETS: dict[str, tuple[Path, str]] = {
    "swagger-ui-bundle.js": (BUNDLES / "swagger-ui-bundle.js", "text/javascript"),
    "swagger-ui.css": (BUNDLES / "swagger-ui.css", "text/css"),
    "redoc.standalone.js": (BUNDLES / "redoc.standalone.js", "text/javascript"),
    "swagger-init.js": (OURS / "swagger-init.js", "text/javascript"),
    "redoc-init.js": (OURS / "redoc-init.js", "text/javascript"),
}
ASSET_CACHE = "public, max-age=86400"
"""The bundles change only with the installed package: let the browser keep them a day."""

router = APIRouter(include_in_schema=False)


def _page(request: Request, title: str, element: str, scripts: list[str], css: str = "") -> str:
    root = request.scope.get("root_path", "")
    openapi_url = f"{root}{request.app.openapi_url}"
    assets = f"{root}/docs/assets"
    links = f'<link rel="stylesheet" href="{assets}/{css}">' if css else ""
    tags = "".join(f'<script src="{assets}/{name}"></script>' for name in scripts)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(request.app.title)} API – {title}</title>{links}</head>"
        f'<body><main id="{element}" data-openapi-url="{escape(openapi_url)}"></main>'
        f"{tags}</body></html>"
    )


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    scripts = ["swagger-ui-bundle.js", "swagger-init.js"]
    return HTMLResponse(_page(request, "Swagger UI", "swagger-ui", scripts, "swagger-ui.css"))


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    return HTMLResponse(_page(request, "ReDoc", "redoc", ["redoc.standalone.js", "redoc-init.js"]))


@router.get("/docs/assets/{name}")
def asset(name: str) -> FileResponse:
    found = ASSETS.get(name)
    if found is None:
        raise ProblemError(404, "No such docs asset.")
    path, media_type = found
    return FileResponse(path, media_type=media_type, headers={"Cache-Control": ASSET_CACHE})
