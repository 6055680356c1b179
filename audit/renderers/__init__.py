"""Renderers: each turns a result object into text or bytes. One module per format."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def resolve(target: str) -> Callable[..., Any]:
    """Import ``"package.module:function"`` on first use (start-up time matters)."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]
