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

Alias tables come from users, so they are read defensively: YAML anchors and aliases (``&a``,
``*a``) are refused (nested anchors expand 565 bytes into gigabytes, "billion laughs"); ``re:``
patterns are compiled by :func:`analysis.core.patterns.compile_pattern` (a size budget) and run
under a time budget (:data:`MATCH_TIMEOUT` per name, :data:`ALIAS_TIMEOUT` in all). Rules are indexed: exact names are looked up in a
dict and only ``re:`` rules are tried one by one, so a table of 50,000 exact rules costs about as
much as one. :func:`save_aliases` writes cells that a spreadsheet would run as formulas (``=``,
``+``, ``-``, ``@``, tab, CR first) with a leading ``'``, which :func:`load_aliases` removes again.
"""

from __future__ import annotations

import csv
import io
import re
from bisect import bisect_right
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.core.cells import formula_safe, unescape_formula
from analysis.core.patterns import Deadline, PatternError, compile_pattern
from analysis.core.schema import ENTITY_LABELS

#: Columns of an alias table, in order.
ALIAS_COLUMNS = ["action", "pattern", "canonical", "label"]
#: Allowed actions, in the order they are applied.
ACTIONS = ("split", "merge", "rename", "exclude")
_REGEX_PREFIX = "re:"
#: A back-reference by number: such patterns cannot be joined into one alternation.
_NUMBERED_REFERENCE = re.compile(r"\\[1-9]|\(\?P=|\\g<")
#: Seconds one ``re:`` rule may spend on one name (names are short: a usable pattern takes
#: microseconds, a catastrophic one is stopped at its first slow name).
MATCH_TIMEOUT = 0.05
#: Seconds all ``re:`` rules of a table may spend matching names in one :func:`apply_aliases`: a
#: backstop for patterns just under :data:`MATCH_TIMEOUT` on very many names.
ALIAS_TIMEOUT = 30.0
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
    table = pd.DataFrame(records, columns=ALIAS_COLUMNS).map(unescape_formula)
    return validate_aliases(table)


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
        _refuse_anchors(yaml.scan(text, Loader=yaml.SafeLoader))
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        reason = " ".join(str(error).split())
        raise ValueError(
            f"Alias table is neither CSV with a header nor valid YAML: {reason}"
        ) from error
    except RecursionError as error:
        raise ValueError("Alias YAML is nested too deeply to be an alias table") from error
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


#: Deepest nesting of YAML collections an alias table needs (a mapping with a list of mappings).
_MAX_YAML_DEPTH = 8


def _refuse_anchors(tokens) -> None:
    """Raise ``ValueError`` at the first YAML anchor or alias, or at nesting deeper than an alias
    table needs: nested anchors expand a few hundred bytes into gigabytes ("billion laughs"), and
    deep nesting costs the YAML reader minutes."""
    import yaml

    opening = (
        yaml.FlowSequenceStartToken,
        yaml.FlowMappingStartToken,
        yaml.BlockSequenceStartToken,
        yaml.BlockMappingStartToken,
    )
    closing = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.BlockEndToken)
    depth = 0
    for token in tokens:
        if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
            line = token.start_mark.line + 1
            raise ValueError(
                f"Alias YAML uses anchors or aliases (& or *, line {line}), which alias tables "
                "do not accept: write each rule out in full"
            )
        if isinstance(token, opening):
            depth += 1
            if depth > _MAX_YAML_DEPTH:
                raise ValueError(
                    f"Alias YAML is nested more than {_MAX_YAML_DEPTH} levels deep "
                    f"(line {token.start_mark.line + 1}); an alias table is a list of rules"
                )
        elif isinstance(token, closing):
            depth -= 1


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
                compile_pattern(row.pattern[len(_REGEX_PREFIX) :])
            except PatternError as error:
                reason = str(error).removeprefix("Invalid regular expression: ").rstrip(".")
                raise ValueError(f"{where}: bad regular expression: {reason}") from error
    return frame.astype(object)


def save_aliases(aliases: pd.DataFrame, spreadsheet_safe: bool = True) -> bytes:
    """The alias table as UTF-8 CSV bytes with a header row, ready to download or write.

    With ``spreadsheet_safe`` (the default: the file is a download), a cell that a spreadsheet
    would run as a formula gets a leading ``'`` (OWASP's advice); :func:`load_aliases` removes
    it, so the table round-trips.
    """
    frame = validate_aliases(aliases)
    if spreadsheet_safe:
        frame = frame.map(formula_safe)
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


class AliasError(ValueError):
    """An alias rule that could not be applied (its regular expression ran out of time)."""


def _normal(value: str) -> str:
    return " ".join(str(value).replace("’", "'").lower().split())


@dataclass
class _Index:
    """One action's rules, for finding the next rule (in file order) that matches a name.

    Exact patterns sit in a dict from normalised name to rule positions; only ``re:`` rules are
    tried one by one, once per distinct name.
    """

    rules: list[tuple[str, str, str]]  # (pattern, canonical, label) in file order
    deadline: Deadline
    match_timeout: float = MATCH_TIMEOUT
    exact: dict[str, list[int]] = field(default_factory=dict)
    patterns: list[tuple[int, Callable[..., object], str]] = field(default_factory=list)
    seen: dict[str, list[int]] = field(default_factory=dict)
    any_pattern: Callable[..., object] | None = None

    def __post_init__(self) -> None:
        sources = []
        for position, (pattern, _canonical, _label) in enumerate(self.rules):
            if pattern.startswith(_REGEX_PREFIX):
                source = pattern[len(_REGEX_PREFIX) :]
                compiled = compile_pattern(source)
                self.patterns.append((position, compiled.fullmatch, pattern))
                sources.append(source)
            else:
                self.exact.setdefault(_normal(pattern), []).append(position)
        if len(sources) > 1 and not any(_NUMBERED_REFERENCE.search(s) for s in sources):
            # One pass of all the rules' alternatives first: most names match none of them.
            either = "|".join(f"(?:{source})" for source in sources)
            with suppress(PatternError):  # inline flags, say: then the rules go one by one
                self.any_pattern = compile_pattern(
                    either, max_length=len(either), max_expansion=2**63
                ).fullmatch

    def matching(self, value: str) -> list[int]:
        """Positions of every rule that matches ``value``, ascending (cached per value)."""
        found = self.seen.get(value)
        if found is None:
            found = list(self.exact.get(_normal(value), ()))
            if self.patterns:
                found = sorted(found + self._regex_matches(value))
            self.seen[value] = found
        return found

    def _regex_matches(self, value: str) -> list[int]:
        found: list[int] = []
        if self.any_pattern is not None and not self._any(value):
            return found
        for position, fullmatch, pattern in self.patterns:
            try:
                budget = min(self.match_timeout, self.deadline.left())
                if fullmatch(value, timeout=budget) is not None:
                    found.append(position)
            except TimeoutError as error:
                raise AliasError(
                    f"Alias rule {pattern!r}: the regular expression took too long on the entity "
                    f"name {value[:40]!r} and was stopped; simplify it (nested repeats such as "
                    "(a+)+ are the usual cause)"
                ) from error
        return found

    def _any(self, value: str) -> bool:
        try:
            budget = min(self.match_timeout * len(self.patterns), self.deadline.left())
            return self.any_pattern(value, timeout=budget) is not None
        except TimeoutError:
            return True  # let the rules one by one say which of them is slow

    def next_rule(self, after: int, *values: str) -> int | None:
        """The first rule after position ``after`` that matches any of ``values``."""
        best = None
        for value in values:
            positions = self.matching(value)
            at = bisect_right(positions, after)
            if at < len(positions) and (best is None or positions[at] < best):
                best = positions[at]
        return best


def apply_aliases(
    mentions: pd.DataFrame,
    aliases: pd.DataFrame,
    timeout: float = ALIAS_TIMEOUT,
    match_timeout: float = MATCH_TIMEOUT,
) -> pd.DataFrame:
    """Apply the user's rules to entity rows of a mentions table; other rows pass unchanged.

    Returns a new table with the same columns (and row order, less the excluded rows). Within an
    action, rules apply in file order, each to what the previous ones made of a mention. A ``re:``
    rule may take ``match_timeout`` seconds on one name, and all of them ``timeout`` seconds in
    all; past either, :class:`AliasError` names the rule. Each distinct (name, surface, label) is
    worked out once.
    """
    rules = validate_aliases(aliases)
    if mentions.empty or rules.empty:
        return mentions.copy()
    frame = mentions.copy()
    terms = frame["term"].astype(str).tolist()
    labels = frame["label"].astype(str).tolist()
    surfaces = frame["surface"].astype(str).tolist()
    keep = [True] * len(frame)
    is_entity = (frame["kind"] == "entity").tolist()
    deadline = Deadline(timeout)
    for action in ACTIONS:
        chosen = rules[rules["action"] == action]
        if chosen.empty:
            continue
        table = list(zip(chosen["pattern"], chosen["canonical"], chosen["label"], strict=True))
        index = _Index(table, deadline, match_timeout)
        done: dict[tuple[str, str, str], tuple[str, str, bool]] = {}
        for i in range(len(terms)):
            if not is_entity[i] or not keep[i]:
                continue
            seen = (terms[i], surfaces[i], labels[i])
            if seen in done:
                terms[i], labels[i], keep[i] = done[seen]
                continue
            position = -1
            while True:
                if action == "split":
                    position = index.next_rule(position, surfaces[i])
                elif action == "rename":
                    position = index.next_rule(position, terms[i])
                else:
                    position = index.next_rule(position, terms[i], surfaces[i])
                if position is None:
                    break
                _pattern, canonical, label = table[position]
                if action == "exclude":
                    if not label or labels[i] == label:
                        keep[i] = False
                        break
                    continue
                terms[i] = canonical or surfaces[i] if action == "split" else canonical
                labels[i] = label or labels[i]
            done[seen] = (terms[i], labels[i], keep[i])
    frame["term"] = terms
    frame["label"] = labels
    return frame[keep].reset_index(drop=True)
