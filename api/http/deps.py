"""Request dependencies: the database engine, the rule set, the settings.

All `async`: they only read the app's state, so FastAPI need not hop to a thread for them.
There is no request-wide database session: a route opens one inside the thread that does
its blocking work, and closes it before the thread is released, so a connection is never
held while a request waits for its body or for a thread.
"""

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine

from api.settings import Settings
from engine import RuleSet


async def get_db_engine(request: Request) -> Engine:
    db_engine: Engine = request.app.state.db_engine
    return db_engine


async def get_ruleset(request: Request) -> RuleSet:
    ruleset: RuleSet = request.app.state.ruleset
    return ruleset


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


DbEngineDep = Annotated[Engine, Depends(get_db_engine)]
RuleSetDep = Annotated[RuleSet, Depends(get_ruleset)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
