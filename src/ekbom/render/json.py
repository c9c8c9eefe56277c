"""The JSON renderer: one object in the contract's shape."""

from __future__ import annotations

import orjson

from ekbom.render.as_dict import result_dict
from ekbom.result import Result


def render_json(result: Result) -> bytes:
    """The result as indented UTF-8 JSON ending in a newline."""
    return orjson.dumps(result_dict(result), option=orjson.OPT_INDENT_2) + b"\n"
