"""Field paths of the official Tea SDK's response models, and which of them a real answer lacks.

``model_field_paths(DescribeInstancesResponseBody)`` walks the model classes (nested models, lists of
models) and names every wire field as a path: ``Instances.Instance[].MetadataOptions.HttpTokens``. A list
element is written ``[]``. ``missing_paths(body, paths)`` says which of them an answer does not carry:
a path under a list counts as present when any element has it, so a test makes resources that fill the
lists it checks, and lists the rest as documented exceptions with their reason.
"""

from __future__ import annotations

import sys
import typing
from collections.abc import Iterable, Mapping
from typing import Any

_SCALAR_SAMPLE: dict[Any, Any] = {str: "x", int: 1, float: 1.0, bool: True}


def _hints(model: type) -> dict[str, Any]:
    module = sys.modules[model.__module__]
    return typing.get_type_hints(model.__init__, vars(module))


def _wire_name(model: type, attribute: str, hint: Any) -> str:
    """The key ``to_map()`` writes for one attribute: set it alone and see which key changes."""
    empty = model().to_map()
    instance = model()
    setattr(instance, attribute, _sample(hint))
    filled = instance.to_map()
    changed = [k for k in filled if k not in empty or filled[k] != empty[k]]
    if len(changed) != 1:
        raise AssertionError(f"{model.__name__}.{attribute}: cannot tell its wire name ({changed})")
    return changed[0]


def _sample(hint: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (list, typing.List):  # noqa: UP006 - the SDK annotates with typing.List
        (item,) = typing.get_args(hint)
        return [_sample(item)]
    if origin in (dict, typing.Dict):  # noqa: UP006
        return {"k": "v"}
    if isinstance(hint, type) and hasattr(hint, "to_map"):
        return hint()
    return _SCALAR_SAMPLE.get(hint, "x")


def _model_of(hint: Any) -> tuple[type | None, bool]:
    """(the model class a hint holds, whether it is a list of them)."""
    origin = typing.get_origin(hint)
    if origin in (list, typing.List):  # noqa: UP006
        (item,) = typing.get_args(hint)
        inner, _ = _model_of(item)
        return inner, True
    if isinstance(hint, type) and hasattr(hint, "to_map"):
        return hint, False
    return None, False


def model_field_paths(model: type, prefix: str = "") -> list[str]:
    """Every wire field of a Tea model, nested ones as dotted paths (``[]`` after a list)."""
    paths: list[str] = []
    for attribute, hint in _hints(model).items():
        if attribute == "return":
            continue
        wire = _wire_name(model, attribute, hint)
        inner, is_list = _model_of(hint)
        path = f"{prefix}{wire}{'[]' if is_list else ''}"
        paths.append(path)
        if inner is not None:
            paths.extend(model_field_paths(inner, path + "."))
    return paths


def _present(value: Any, parts: list[str]) -> bool:
    if not parts:
        return True
    head, rest = parts[0], parts[1:]
    is_list = head.endswith("[]")
    key = head.removesuffix("[]")
    if not isinstance(value, Mapping) or key not in value:
        return False
    child = value[key]
    if is_list:
        return isinstance(child, list) and ((not rest and True) or any(_present(e, rest) for e in child))
    return _present(child, rest)


def missing_paths(body: Mapping[str, Any], paths: Iterable[str], under: str = "") -> list[str]:
    """The paths (relative to ``under``, itself a path into ``body``) the answer does not carry."""
    return [p for p in paths if not _present(body, (under.split(".") if under else []) + p.split("."))]
