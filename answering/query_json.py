"""JSON for the Query types, and their JSON schema, derived from the dataclasses' type hints.

Members of a union of dataclasses (a measure, a filter, an ask) carry their ``KIND`` as ``"kind"``; tuples
become arrays. ``from_json(to_json(x), type(x)) == x`` for every Query, and the schema accepts exactly what
``to_json`` writes, so a model decoding under it can only propose well-formed queries.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from typing import Any, Literal, get_args, get_origin

_SCALARS: dict[type, str] = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null"}


def to_json(obj: Any) -> Any:
    """Dataclasses → objects (with ``kind`` where the class has a ``KIND``), tuples → arrays."""
    if dataclasses.is_dataclass(obj):
        data = {"kind": obj.KIND} if hasattr(obj, "KIND") else {}
        data.update({f.name: to_json(getattr(obj, f.name)) for f in dataclasses.fields(obj)})
        return data
    if isinstance(obj, list | tuple):
        return [to_json(item) for item in obj]
    return obj


def from_json(data: Any, hint: Any) -> Any:
    """The value of type ``hint`` that ``to_json`` wrote as ``data``; ValueError when it does not fit."""
    origin, args = get_origin(hint), get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return _from_union(data, args)
    if origin is tuple:
        if not isinstance(data, list):
            raise ValueError(f"expected an array, got {data!r}")
        return tuple(from_json(item, args[0]) for item in data)
    if origin is Literal:
        if data not in args:
            raise ValueError(f"expected one of {args}, got {data!r}")
        return data
    if dataclasses.is_dataclass(hint):
        return _from_object(data, hint)
    return _from_scalar(data, hint)


def _from_union(data: Any, members: tuple) -> Any:
    classes = [m for m in members if dataclasses.is_dataclass(m)]
    if isinstance(data, dict) and classes:
        by_kind = {c.KIND: c for c in classes}
        if data.get("kind") not in by_kind:
            raise ValueError(f"expected kind in {sorted(by_kind)}, got {data.get('kind')!r}")
        return _from_object(data, by_kind[data["kind"]])
    for member in members:
        if not dataclasses.is_dataclass(member):
            try:
                return from_json(data, member)
            except ValueError:
                continue
    raise ValueError(f"{data!r} fits none of {members}")


def _from_object(data: Any, cls: type) -> Any:
    if not isinstance(data, dict):
        raise ValueError(f"expected an object for {cls.__name__}, got {data!r}")
    hints = _hints(cls)
    known = {f.name for f in dataclasses.fields(cls)} | ({"kind"} if hasattr(cls, "KIND") else set())
    extra = set(data) - known
    if extra:
        raise ValueError(f"{cls.__name__}: unknown keys {sorted(extra)}")
    values = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            values[f.name] = from_json(data[f.name], hints[f.name])
            allowed = f.metadata.get("enum")
            chosen = values[f.name] if isinstance(values[f.name], tuple) else (values[f.name],)
            if allowed and any(v not in allowed for v in chosen if v is not None):  # None: an optional one unset
                raise ValueError(f"{cls.__name__}.{f.name}: {values[f.name]!r} is not one of {list(allowed)}")
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise ValueError(f"{cls.__name__}: missing {f.name!r}")
    return cls(**values)


def _from_scalar(data: Any, hint: type) -> Any:
    # JSON has one number type: an integral float stays what it was written as; bool is not an int here.
    ok = isinstance(data, hint) and not (hint in (int, float) and isinstance(data, bool))
    if hint is float and isinstance(data, int) and not isinstance(data, bool):
        ok = True
    if not ok:
        raise ValueError(f"expected {hint.__name__}, got {data!r}")
    return data


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


# ---- schema ----------------------------------------------------------------------------------------------


def json_schema(root: type) -> dict:
    """A JSON schema (draft 2020-12) for ``root`` and every dataclass it reaches, under ``$defs``."""
    defs: dict[str, dict] = {}
    schema = _schema(root, defs)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "$defs": defs}


def _schema(hint: Any, defs: dict[str, dict], enum: tuple = (), pattern: str | None = None) -> dict:
    """``enum`` and ``pattern`` (from a field's metadata) constrain the strings inside ``hint``."""
    origin, args = get_origin(hint), get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_schema(a, defs, enum, pattern) for a in args]}
    if origin is tuple:
        return {"type": "array", "items": _schema(args[0], defs, enum, pattern)}
    if origin is Literal:
        return {"enum": list(args)}
    if dataclasses.is_dataclass(hint):
        if hint.__name__ not in defs:
            defs[hint.__name__] = {}  # placeholder: measures refer to themselves
            defs[hint.__name__] = _object_schema(hint, defs)
        return {"$ref": f"#/$defs/{hint.__name__}"}
    if enum and hint is str:
        return {"type": "string", "enum": list(enum)}
    if pattern and hint is str:
        return {"type": "string", "pattern": pattern}
    return {"type": _SCALARS[hint]}


def _object_schema(cls: type, defs: dict[str, dict]) -> dict:
    hints = _hints(cls)
    properties: dict[str, dict] = {}
    required: list[str] = []
    if hasattr(cls, "KIND"):
        properties["kind"] = {"const": cls.KIND}
        required.append("kind")
    for f in dataclasses.fields(cls):
        properties[f.name] = _schema(hints[f.name], defs, tuple(f.metadata.get("enum", ())), f.metadata.get("pattern"))
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(f.name)
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}
