"""Request dependencies: the database session, the rule set, the settings."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlmodel import Session

from api.settings import Settings
from engine import RuleSet


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_session(engine: Annotated[Engine, Depends(get_engine)]) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


def get_ruleset(request: Request) -> RuleSet:
    ruleset: RuleSet = request.app.state.ruleset
    return ruleset


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


EngineDep = Annotated[Engine, Depends(get_engine)]
SessionDep = Annotated[Session, Depends(get_session)]
RuleSetDep = Annotated[RuleSet, Depends(get_ruleset)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
