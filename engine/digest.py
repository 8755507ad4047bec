"""A stable digest of a case, so a stored assessment can be matched to the exact input."""

import hashlib

from models.case import Case


def case_digest(case: Case) -> str:
    return "sha256:" + hashlib.sha256(case.model_dump_json().encode()).hexdigest()
