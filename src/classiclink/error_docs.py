"""Which catalogue classes answer a documented error row, and which of them an action can raise.

Used by the documentation checks only (scripts/error_tables.py, tests/unit/test_errors_doc.py,
tests/unit/test_error_tables.py); the server never imports it.

"Can raise" is read from the source, not run: the classes an action's handler names, and those of every function
it reaches through calls the reader can resolve (a module's own functions, functions of imported modules,
``self.`` methods, module-level constants), plus what the action's declaration raises (its parameters' errors,
its one-of and RAM errors, MissingParameter / InvalidParameter for its own parameters) and what the gateway and
edge answer for any action (signature, protocol, idempotency). Calls through objects the reader cannot type (the
store behind ``uow``) are not followed, which can miss a class; conditions are not evaluated, so a class raised
on only some paths counts (CreateInstance and RunInstances share their checks: a branch for one counts for both).
"""

from __future__ import annotations

import ast
import functools
import inspect
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from . import errors
from .actions.spec import ActionSpec

PACKAGE = "classiclink"
# Modules every request passes through: what they raise, any action can answer.
_EVERY_ACTION = ("classiclink.gateway", "classiclink.edge")


def same_message(documented: str, ours: str) -> bool:
    """A documented "%s" stands for any text; a {placeholder} of ours for the value filled in at raise time."""
    if documented == "%s":
        return True
    theirs = re.escape(documented).replace("%s", ".*")
    if re.fullmatch(theirs, ours):
        return True
    pattern = "".join(".+" if part.startswith("{") else re.escape(part) for part in re.split(r"(\{\w*\})", ours))
    return re.fullmatch(pattern, documented) is not None


def catalogue() -> dict[str, type[errors.ApiError]]:
    return {name: value for name, value in vars(errors).items()
            if inspect.isclass(value) and issubclass(value, errors.ApiError)}  # fmt: skip


def matching(status: int, code: str, message: str) -> list[str]:
    """The catalogue classes whose code, status and message are the documented row's."""
    return sorted(name for name, error in catalogue().items()
                  if (error.code, error.status) == (code, status) and same_message(message, error.message))  # fmt: skip


# --- the source reader ---------------------------------------------------------------------------------------
FunctionKey = tuple[str, str]  # (module, qualified name within it)


class _Module:
    """One module's functions (by qualified name) and what its top-level names are bound to."""

    def __init__(self, name: str, tree: ast.Module, is_package: bool) -> None:
        self.name = name
        # Functions and methods by qualified name, and module-level constants by name (their value).
        self.functions: dict[str, ast.AST] = {}
        self.imports: dict[str, str] = {}  # local name -> "module" or "module:attr"
        package = name if is_package else name.rsplit(".", 1)[0]
        for node in tree.body:
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                # A module-level constant (a table of error classes, a rules object): what a use of it names.
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        self.functions.setdefault(target.id, node.value)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.functions[node.name] = node
            elif isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        self.functions[f"{node.name}.{item.name}"] = item
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(package, node.module, node.level)
                for alias in node.names:
                    self.imports[alias.asname or alias.name] = f"{base}:{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    self.imports[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else (
                        alias.name.split(".")[0])  # fmt: skip


def _absolute(package: str, module: str | None, level: int) -> str:
    if level == 0:
        return module or ""
    parts = package.split(".")
    base = ".".join(parts[: len(parts) - level + 1])
    return f"{base}.{module}" if module else base


@functools.cache
def _modules() -> dict[str, _Module]:
    # Read from disk, not imported: importing every module (the CLI's among them) would run them.
    root = Path(__file__).resolve().parent
    found: dict[str, _Module] = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        found[name] = _Module(name, ast.parse(path.read_text(encoding="utf-8")), is_package)
    return found


def _resolve(target: str, modules: dict[str, _Module]) -> str | None:
    """``module:attr`` to a module name when attr is a submodule, else unchanged; None for outside names."""
    if not target.startswith(PACKAGE):
        return None
    module, _, attr = target.partition(":")
    if attr and f"{module}.{attr}" in modules:
        return f"{module}.{attr}"
    return target


def _walk_body(node: ast.AST) -> Iterator[ast.AST]:
    """A function's body, not its decorators (``@action`` registers it; it raises nothing at call time)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        for statement in node.body:
            yield from ast.walk(statement)
    else:
        yield from ast.walk(node)


def _references(module: _Module, node: ast.AST, owner: str) -> Iterator[tuple[str, str]]:
    """("error", ClassName) and ("call", "module:qualname") for each name the function body uses."""
    modules = _modules()
    error_names = set(catalogue())
    for sub in _walk_body(node):
        if isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name):
            base = sub.value.id
            if base == "self" and owner:
                yield "call", f"{module.name}:{owner}.{sub.attr}"
                continue
            bound = _resolve(module.imports.get(base, ""), modules)
            if bound == "classiclink.errors" and sub.attr in error_names:
                yield "error", sub.attr
            elif bound in modules:
                yield "call", f"{bound}:{sub.attr}"
            elif base in module.functions or any(key.startswith(f"{base}.") for key in module.functions):
                yield "call", f"{module.name}:{base}.{sub.attr}"
        elif isinstance(sub, ast.Name):
            if sub.id in module.functions or any(key.startswith(f"{sub.id}.") for key in module.functions):
                yield "call", f"{module.name}:{sub.id}"
                continue
            bound = _resolve(module.imports.get(sub.id, ""), modules)
            if bound and ":" in bound:
                source, _, attr = bound.partition(":")
                if source == "classiclink.errors" and attr in error_names:
                    yield "error", attr
                else:
                    yield "call", bound


def _function(key: str) -> tuple[_Module, ast.AST, str] | None:
    module_name, _, qualname = key.partition(":")
    module = _modules().get(module_name)
    if module is None:
        return None
    node = module.functions.get(qualname)
    if node is None:
        # A name re-exported by the module (``from .x import f``): follow the import.
        bound = _resolve(module.imports.get(qualname, ""), _modules())
        return _function(bound) if bound and ":" in bound and bound != key else None
    return module, node, qualname.rsplit(".", 1)[0] if "." in qualname else ""


_CONSTRUCTORS = ("__init__", "__post_init__")


@functools.cache
def _reach(key: str) -> frozenset[str]:
    """The error classes named by the function ``key`` and everything it reaches."""
    found: set[str] = set()
    seen: set[str] = set()
    stack = [key]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        located = _function(current)
        if located is None:
            # A class used by name: what constructing it runs.
            if ":" in current and not current.endswith(_CONSTRUCTORS):
                stack += [f"{current}.{hook}" for hook in _CONSTRUCTORS]
            continue
        module, node, owner = located
        for kind, value in _references(module, node, owner):
            if kind == "error":
                found.add(value)
            elif value not in seen:
                stack.append(value)
    return frozenset(found)


@functools.cache
def every_action_errors() -> frozenset[str]:
    """The classes the gateway and edge modules name: any request can be answered with them."""
    found: set[str] = set()
    for name, module in _modules().items():
        if name.startswith(_EVERY_ACTION):
            for qualname in module.functions:
                found |= _reach(f"{name}:{qualname}")
    return frozenset(found)


def _declared_errors(spec: ActionSpec) -> set[str]:
    """What the action's declaration raises before its handler runs."""
    names = {spec.denied.__name__}
    if spec.one_of:
        names.add(spec.one_of[1].__name__)
    for param in spec.params:
        kind = type(param.type)
        parse = f"{kind.__module__}:{kind.__qualname__}.parse"
        names |= _reach(parse)
        for value in vars(param.type).values():
            if inspect.isclass(value) and issubclass(value, errors.ApiError):
                names.add(value.__name__)
    return names


def raisable(spec: ActionSpec) -> frozenset[str]:
    """The catalogue classes the action can answer, read from the source (see the module's docstring)."""
    handler = spec.handler
    key = f"{handler.__module__}:{handler.__qualname__}"
    return _reach(key) | frozenset(_declared_errors(spec)) | every_action_errors()


_PARAM_NAMED = re.compile(r'The (?:input|specified) parameter "([^"]+)"')


def names_own_parameter(spec: ActionSpec, error: str, message: str) -> bool:
    """MissingParameter and InvalidParameter name a parameter: the documented one must be the action's."""
    if error not in ("MissingParameter", "InvalidParameter"):
        return True
    match = _PARAM_NAMED.search(message)
    if match is None:
        return True
    declared = {param.name.lower() for param in spec.params} | {"regionid"}
    return match.group(1).lower() in declared


def _main() -> None:  # pragma: no cover - a debugging aid
    from .actions import load_all

    for (_, name), spec in sorted(load_all().items()):
        print(name, sorted(raisable(spec) - every_action_errors()))


if __name__ == "__main__":  # pragma: no cover
    _main()
    sys.exit(0)
