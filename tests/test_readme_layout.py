"""The README's Layout section names every module and package of kg, and nothing that is gone."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _layout() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Layout\n", 1)[1]
    return section.split("```", 2)[1]


def _parts_of_kg() -> set[str]:
    package = ROOT / "kg"
    modules = {p.name for p in package.glob("*.py") if p.name != "__init__.py"}
    packages = {f"{p.name}/" for p in package.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    return modules | packages


def _named(layout: str) -> set[str]:
    return set(re.findall(r"\b([a-z_]+(?:\.py|/))", layout))


def test_the_layout_names_every_module_and_package_of_kg():
    missing = _parts_of_kg() - _named(_layout())
    assert not missing, f"README Layout does not name {sorted(missing)}"


def test_the_layout_names_no_module_that_is_gone():
    package_parts = {p.name for p in (ROOT / "kg").rglob("*.py")} | {f"{p.name}/" for p in (ROOT / "kg").rglob("*")
                                                                     if p.is_dir()}
    other = {f"{p.name}/" for folder in (ROOT, ROOT / "tests") for p in folder.iterdir() if p.is_dir()} \
        | {p.name for p in (ROOT / "tools").glob("*.py")} \
        | {p.name for p in (ROOT / "benchmarks").glob("*.py")}
    stale = _named(_layout()) - package_parts - other
    assert not stale, f"README Layout names {sorted(stale)}, which do not exist"
