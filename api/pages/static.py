"""The pages' stylesheets, served by the app itself: no CDN, nothing from another host."""

import re
from importlib import resources

from fastapi import APIRouter
from fastapi.responses import Response

from api.pages.session import PageError

router = APIRouter()
_NAME = re.compile(r"^[a-z0-9-]{1,40}\.css$")


@router.get("/static/{name}")
async def stylesheet(name: str) -> Response:
    if not _NAME.fullmatch(name):
        raise PageError(404, "Page not found", "There is no such file.")
    file = resources.files("web").joinpath("static", name)
    if not file.is_file():
        raise PageError(404, "Page not found", "There is no such file.")
    return Response(
        file.read_bytes(),
        media_type="text/css",
        headers={"Cache-Control": "private, max-age=300"},
    )
