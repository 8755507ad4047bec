"""The conference chair's web pages, served at `/` beside the API (`/v1`): sign in with a
`chair` key, find or load a case, read and complete its assessment.

Building on them: `api.pages.session` (`ChairDep`, `PostedForm`, `PageError`),
`api.pages.render` (`page`, `redirect`, `FieldProblem`) and the layout
`web/templates/chair/layout.html`; add a router to `ROUTERS` below.
"""

from fastapi import APIRouter

from api.pages import cases, complete, decisions, load, record, result, signin, static

ROUTERS = (
    signin.router,
    cases.router,
    load.router,
    result.router,
    complete.router,
    decisions.router,
    record.router,
    static.router,
)
router = APIRouter(include_in_schema=False)
for _part in ROUTERS:
    router.include_router(_part)
