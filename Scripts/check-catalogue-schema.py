#!/usr/bin/env python3
"""Check evidence catalogue YAML files against the catalogue JSON Schema.

Usage: python3 Scripts/check-catalogue-schema.py SCHEMA PATH [PATH...]

Each PATH is a catalogue file or a directory, searched recursively for *.yaml and *.yml files
(hidden files and folders are skipped). Every error is printed to stderr as
`path: /json/pointer: message`, followed by `checked N files: M failed` on stdout.

Exit status: 0 when every file is valid, 1 when any file is invalid, 2 for usage errors or
missing packages.

The YAML is read the way the catalogue reader reads it (YAML 1.2 style): only `true` and `false`
are booleans, only plain decimal numbers are numbers, `~`, `null` and empty values are null, and
everything else (`no`, `yes`, `on`, `0123`, `2010-09-24`, ...) is text. A key with a null value
counts as absent, so such keys are dropped before validation. Anchors and aliases, duplicate keys
and multiple documents are refused, as the catalogue reader refuses them.

This checks the shape of each file only; references between entities, grades and windows are
checked by `evidence-conflicts validate`.
"""

import json
import os
import re
import sys

USAGE = "usage: python3 Scripts/check-catalogue-schema.py SCHEMA PATH [PATH...]"
INSTALL = "run `python3 -m pip install jsonschema pyyaml`"
MAXIMUM_FILE_SIZE = 16 * 1024 * 1024

try:
    import yaml
    import jsonschema
    from jsonschema import Draft202012Validator
except ImportError as error:  # pragma: no cover - depends on the environment
    print(f"check-catalogue-schema: missing package ({error.name or error}); {INSTALL}", file=sys.stderr)
    sys.exit(2)


class CatalogueLoader(yaml.SafeLoader):
    """A SafeLoader that resolves plain scalars the YAML 1.2 way the catalogue reader does."""

    yaml_implicit_resolvers = {}

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise yaml.composer.ComposerError(
                None, None,
                "anchors and aliases (&name, *name) are not allowed in catalogue files; write the value out in full",
                event.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep=deep)
        mapping = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", node.start_mark,
                    "keys must be plain words", key_node.start_mark)
            key = key_node.value  # keys are text exactly as written
            if key in mapping:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", node.start_mark,
                    f"the key '{key}' appears twice in one mapping; keep one", key_node.start_mark)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


for _tag, _pattern, _first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|false)$", "tf"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", r"^-?(?:0|[1-9][0-9]*)$", "-0123456789"),
    ("tag:yaml.org,2002:float", r"^-?(?:0|[1-9][0-9]*)\.[0-9]+$", "-0123456789"),
]:
    CatalogueLoader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))

def drop_nulls(value):
    """Drops mapping entries whose value is null, recursively (they count as absent)."""
    if isinstance(value, dict):
        return {key: drop_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [drop_nulls(item) for item in value]
    return value


def strict_validator(schema):
    """Draft 2020-12, except that `integer` means a whole number written without a fraction.

    The catalogue reader refuses `2010.0` where a whole number is expected, while JSON Schema would
    count it as an integer.
    """
    def is_integer(checker, instance):
        return isinstance(instance, int) and not isinstance(instance, bool)

    checker = Draft202012Validator.TYPE_CHECKER.redefine("integer", is_integer)
    cls = jsonschema.validators.extend(Draft202012Validator, type_checker=checker)
    return cls(schema)


def catalogue_files(path):
    """The files to check for a path: the file itself, or *.yaml and *.yml below a directory."""
    if not os.path.isdir(path):
        return [path]
    found = []
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            if os.path.splitext(name)[1].lower() in (".yaml", ".yml"):
                found.append(os.path.join(root, name))
    return found


def pointer(path):
    parts = [str(part).replace("~", "~0").replace("/", "~1") for part in path]
    return "/" + "/".join(parts)


def check_file(path, validator):
    """The errors of one file, as (pointer, message) pairs."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAXIMUM_FILE_SIZE + 1)
    except OSError as error:
        return [("", f"the file could not be read: {error.strerror or error}")]
    if len(data) > MAXIMUM_FILE_SIZE:
        return [("", f"the file is larger than {MAXIMUM_FILE_SIZE} bytes; split it into several files")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return [("", f"the file is not valid UTF-8 (byte {error.start}); save it as UTF-8")]
    try:
        document = yaml.load(text, Loader=CatalogueLoader)
    except yaml.YAMLError as error:
        return [("", yaml_message(error))]
    if document is None:
        return [("", "the file is empty; add catalogue entries or delete it")]
    document = drop_nulls(document)
    errors = sorted(validator.iter_errors(document), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    return [(pointer(error.absolute_path), message(error)) for error in errors]


def yaml_message(error):
    """A YAML error in one line, with its line and column."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    detail = f"{problem} ({context})" if context else problem
    return " ".join(f"YAML error{where}: {detail}".split())


def message(error):
    """The message of a validation error, using the schema's own description for rule groups."""
    description = error.schema.get("description") if isinstance(error.schema, dict) else None
    if error.validator in ("anyOf", "oneOf", "not", "if") and description:
        return description
    text = error.message
    if error.validator == "pattern" and description:
        text = f"{text}: {description}"
    return text if len(text) <= 400 else text[:399] + "…"


def main(argv):
    if len(argv) < 3 or any(arg in ("-h", "--help") for arg in argv[1:]):
        print(USAGE, file=sys.stderr)
        return 2
    schema_path, paths = argv[1], argv[2:]
    try:
        with open(schema_path, encoding="utf-8") as handle:
            schema = json.load(handle)
        Draft202012Validator.check_schema(schema)
    except (OSError, ValueError) as error:
        print(f"check-catalogue-schema: cannot read schema '{schema_path}': {error}", file=sys.stderr)
        return 2
    except jsonschema.exceptions.SchemaError as error:
        print(f"check-catalogue-schema: '{schema_path}' is not a valid schema: {error.message}", file=sys.stderr)
        return 2
    validator = strict_validator(schema)

    files = []
    for path in paths:
        if not os.path.exists(path):
            print(f"check-catalogue-schema: '{path}' does not exist", file=sys.stderr)
            return 2
        files += catalogue_files(path)

    failed = 0
    for path in files:
        errors = check_file(path, validator)
        if errors:
            failed += 1
            for where, message in errors:
                print(f"{path}: {where or '/'}: {message}", file=sys.stderr)
    print(f"checked {len(files)} files: {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
