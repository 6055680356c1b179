"""Pydantic error locations become the data's own key path, whatever the union tags say."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from audit.model_errors import data_path


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Alpha(_Strict):
    kind: Literal["alpha"]
    alpha: str  # the tag equals a field name
    op: Literal["==", "!="]


class _Beta(_Strict):
    kind: Literal["beta"]
    beta: int
    gamma: int = Field(default=0, ge=0)


class _Doc(_Strict):
    checks: list[Annotated[_Alpha | _Beta, Field(discriminator="kind")]]


def _paths(data: dict[str, Any]) -> list[tuple[str | int, ...] | None]:
    with pytest.raises(ValidationError) as info:
        _Doc.model_validate(data)
    return [
        data_path(_Doc, data, e["loc"], keep_last=e["type"] in ("missing", "extra_forbidden"))
        for e in info.value.errors()
    ]


def test_a_tag_named_like_a_field_is_not_taken_for_that_field() -> None:
    data = {"checks": [{"kind": "alpha", "alpha": "x", "op": "=~"}]}
    assert _paths(data) == [("checks", 0, "op")]


def test_an_error_in_the_field_named_like_the_tag_keeps_that_field() -> None:
    data = {"checks": [{"kind": "alpha", "alpha": 5, "op": "=="}]}
    assert _paths(data) == [("checks", 0, "alpha")]


def test_other_tags_and_missing_keys() -> None:
    data = {"checks": [{"kind": "beta", "beta": 1, "gamma": -1}, {"kind": "alpha", "op": "=="}]}
    assert _paths(data) == [("checks", 0, "gamma"), ("checks", 1, "alpha")]
