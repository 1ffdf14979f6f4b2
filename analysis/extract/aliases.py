"""The user's alias table: forced merges, splits, renames and exclusions of entities.

Automatic resolution gets most names right; the alias table fixes the rest, and it wins. Keep it
beside the corpus as a CSV (or YAML) file, pass it to ``python -m analysis export --aliases FILE``,
or edit it in the dashboard, download it and upload it again.

Format: one rule a row, four columns (a header row in CSV; keys in YAML)::

    action,pattern,canonical,label
    merge,Zelensky,Volodymyr Zelenskyy,PERSON
    merge,Kiev,Kyiv,
    rename,NATO-Ukraine Council,NATO–Ukraine Council,
    split,Austin,Austin,GPE
    exclude,Official,,
    exclude,re:^(Mr|Ms)\\b,,

- ``action``: one of

  - ``merge``: mentions whose entity name *or* surface text is ``pattern`` become ``canonical``
    (e.g. a spelling or a short name the automatic rules missed);
  - ``rename``: the entity named ``pattern`` is called ``canonical`` from now on (all its
    mentions, whatever their surface);
  - ``split``: mentions whose *surface text* is ``pattern`` leave the entity they were merged into
    and become ``canonical`` (by default the surface text itself);
  - ``exclude``: mentions whose entity name or surface text is ``pattern`` are dropped.

- ``pattern``: the text to match, compared without regard to case or repeated spaces; or, with a
  ``re:`` prefix, a regular expression that must match the whole name (case-insensitive).
- ``canonical``: the name to use (required for ``merge`` and ``rename``).
- ``label``: optional; one of PERSON, ORG, GPE, LOC, NORP, MISC. For ``merge``, ``rename`` and
  ``split`` it sets the type of the resulting entity; for ``exclude`` it limits the rule to
  mentions of that type.

Rules apply in this order: all ``split`` rules, then ``merge``, then ``rename``, then ``exclude``
(each in file order), so that a rename also covers names merged into it and an exclusion covers
everything that ended up under the excluded name.

YAML files hold a list of mappings with the same keys (or a mapping with an ``aliases`` list)::

    - {action: merge, pattern: Zelensky, canonical: Volodymyr Zelenskyy, label: PERSON}
    - action: exclude
      pattern: Official
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pandas as pd

from analysis.core.schema import ENTITY_LABELS

#: Columns of an alias table, in order.
ALIAS_COLUMNS = ["action", "pattern", "canonical", "label"]
#: Allowed actions, in the order they are applied.
ACTIONS = ("split", "merge", "rename", "exclude")
_REGEX_PREFIX = "re:"
_CSV_HEADER = re.compile(r"\s*\"?(action|pattern|surface|canonical|label)\"?\s*,", re.IGNORECASE)


def empty_aliases() -> pd.DataFrame:
    """An alias table with no rules (the columns, all strings)."""
    return pd.DataFrame({column: pd.Series(dtype="object") for column in ALIAS_COLUMNS})


#: The name the public contract uses for :func:`empty_aliases`.
EMPTY_ALIASES = empty_aliases


def load_aliases(source: str | Path | bytes) -> pd.DataFrame:
    """Read an alias table from a file path or from a file's bytes (CSV or YAML).

    The format follows the file extension (``.csv``, ``.yaml``, ``.yml``); bytes are read as CSV
    when the first line names the columns and as YAML otherwise. Raises ``ValueError`` naming the
    row and the problem when the table is malformed.
    """
    if isinstance(source, bytes):
        content, kind = source, None
    else:
        path = Path(source)
        content = path.read_bytes()
        suffix = path.suffix.lower()
        kind = "yaml" if suffix in (".yaml", ".yml") else "csv" if suffix == ".csv" else None
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"Alias table is not UTF-8 text: {error}") from error
    if kind is None:
        first = next((line for line in text.splitlines() if line.strip()), "")
        kind = "csv" if _CSV_HEADER.match(first) else "yaml"
    records = _read_csv(text) if kind == "csv" else _read_yaml(text)
    return validate_aliases(pd.DataFrame(records, columns=ALIAS_COLUMNS))


def _read_csv(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    fields = [name.strip().lower() for name in reader.fieldnames or []]
    if "surface" in fields and "pattern" not in fields:
        fields[fields.index("surface")] = "pattern"
    missing = [column for column in ("action", "pattern") if column not in fields]
    if missing:
        raise ValueError(
            f"Alias CSV needs the columns {', '.join(ALIAS_COLUMNS)}; missing: {', '.join(missing)}"
        )
    reader.fieldnames = fields
    return [
        {column: (row.get(column) or "") for column in ALIAS_COLUMNS}
        for row in reader
        if any((value or "").strip() for value in row.values() if isinstance(value, str))
    ]


def _read_yaml(text: str) -> list[dict[str, str]]:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ValueError(
            f"Alias table is neither CSV with a header nor valid YAML: {error}"
        ) from error
    if data is None:
        return []
    if isinstance(data, dict) and isinstance(data.get("aliases"), list):
        data = data["aliases"]
    if not isinstance(data, list):
        raise ValueError("Alias YAML must be a list of rules (or a mapping with an 'aliases' list)")
    records = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise ValueError(f"Alias rule {number}: expected a mapping, got {item!r}")
        item = {str(key).lower(): value for key, value in item.items()}
        if "surface" in item and "pattern" not in item:
            item["pattern"] = item.pop("surface")
        unknown = sorted(set(item) - set(ALIAS_COLUMNS))
        if unknown:
            raise ValueError(f"Alias rule {number}: unknown keys {', '.join(unknown)}")
        records.append(
            {
                column: "" if item.get(column) is None else str(item[column])
                for column in ALIAS_COLUMNS
            }
        )
    return records


def validate_aliases(aliases: pd.DataFrame) -> pd.DataFrame:
    """Check and normalise an alias table (as edited in a data editor, say).

    Strips spaces, lower-cases actions, upper-cases labels, drops blank rows and returns a fresh
    table with exactly :data:`ALIAS_COLUMNS`. Raises ``ValueError`` naming the first bad row.
    """
    frame = aliases.reindex(columns=ALIAS_COLUMNS)
    frame = frame.astype(object).where(frame.notna(), "")
    frame = frame.map(lambda value: str(value).strip())
    frame["action"] = frame["action"].str.lower()
    frame["label"] = frame["label"].str.upper()
    frame = frame[(frame != "").any(axis=1)].reset_index(drop=True)
    for number, row in enumerate(frame.itertuples(index=False), start=1):
        where = f"Alias rule {number} ({row.action or 'no action'} {row.pattern!r})"
        if row.action not in ACTIONS:
            raise ValueError(f"{where}: action must be one of {', '.join(ACTIONS)}")
        if not row.pattern:
            raise ValueError(f"{where}: pattern is empty")
        if row.action in ("merge", "rename") and not row.canonical:
            raise ValueError(f"{where}: {row.action} needs a canonical name")
        if row.label and row.label not in ENTITY_LABELS:
            raise ValueError(f"{where}: label must be empty or one of {', '.join(ENTITY_LABELS)}")
        if row.pattern.startswith(_REGEX_PREFIX):
            try:
                re.compile(row.pattern[len(_REGEX_PREFIX) :])
            except re.error as error:
                raise ValueError(f"{where}: bad regular expression: {error}") from error
    return frame.astype(object)


def save_aliases(aliases: pd.DataFrame) -> bytes:
    """The alias table as UTF-8 CSV bytes with a header row, ready to download or write."""
    frame = validate_aliases(aliases)
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _matcher(pattern: str) -> Callable[[str], bool]:
    """A predicate for one rule's pattern: exact (case and spacing aside) or ``re:`` regex."""
    if pattern.startswith(_REGEX_PREFIX):
        regex = re.compile(pattern[len(_REGEX_PREFIX) :], re.IGNORECASE)
        return lambda value: regex.fullmatch(value) is not None
    wanted = _normal(pattern)
    return lambda value: _normal(value) == wanted


def _normal(value: str) -> str:
    return " ".join(str(value).replace("’", "'").lower().split())


def apply_aliases(mentions: pd.DataFrame, aliases: pd.DataFrame) -> pd.DataFrame:
    """Apply the user's rules to entity rows of a mentions table; other rows pass unchanged.

    Returns a new table with the same columns (and row order, less the excluded rows).
    """
    rules = validate_aliases(aliases)
    if mentions.empty or rules.empty:
        return mentions.copy()
    frame = mentions.copy()
    entity = frame["kind"] == "entity"
    terms = frame["term"].astype(str).tolist()
    labels = frame["label"].astype(str).tolist()
    surfaces = frame["surface"].astype(str).tolist()
    keep = [True] * len(frame)
    is_entity = entity.tolist()
    for action in ACTIONS:
        for rule in rules[rules["action"] == action].itertuples(index=False):
            matches = cache(_matcher(rule.pattern))  # each distinct name is tested once
            for i in range(len(terms)):
                if not is_entity[i] or not keep[i]:
                    continue
                if action == "split":
                    if matches(surfaces[i]):
                        terms[i] = rule.canonical or surfaces[i]
                        labels[i] = rule.label or labels[i]
                elif action == "merge":
                    if matches(terms[i]) or matches(surfaces[i]):
                        terms[i] = rule.canonical
                        labels[i] = rule.label or labels[i]
                elif action == "rename":
                    if matches(terms[i]):
                        terms[i] = rule.canonical
                        labels[i] = rule.label or labels[i]
                elif (not rule.label or labels[i] == rule.label) and (
                    matches(terms[i]) or matches(surfaces[i])
                ):
                    keep[i] = False
    frame["term"] = terms
    frame["label"] = labels
    return frame[keep].reset_index(drop=True)
