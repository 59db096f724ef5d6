"""What a school reads never sends it to a file of this project it does not have: the
rules' source (DOMAIN.md) is the developers'. A message, reason or help text that said
"(DOMAIN.md 6)" pointed an office at nothing; the rule itself is said in words instead.
Docstrings and comments (the developers' text) may cite it; a string attcli prints or
writes may not. Templates' Jinja comments ({# #}) are not rendered, so they may too."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "attcli"


def _printed_strings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(n.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)
    }
    return [
        (n.lineno, n.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
    ]


def test_no_string_attcli_prints_names_domain_md():
    found = [
        f"{p.relative_to(SRC)}:{line}: {text[:70]!r}"
        for p in sorted(SRC.rglob("*.py"))
        for line, text in _printed_strings(p)
        if "DOMAIN" in text
    ]
    assert found == []


def test_templates_name_it_only_in_comments():
    for p in sorted((SRC / "templates").rglob("*")):
        if p.is_file() and p.suffix in {".html", ".typ", ".txt", ".j2"}:
            text = re.sub(r"\{#.*?#\}", "", p.read_text(encoding="utf-8"), flags=re.S)
            assert "DOMAIN" not in text, p
