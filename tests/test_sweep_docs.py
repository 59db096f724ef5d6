"""The docs are true, word for word: every command, option and setting they name exists,
and every option and setting attcli has is in them (docs sweep of 4 December).

The docs are README.md and docs/*.md but docs/decisions.md (a log), and examples/README.md.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

import pytest
import typer
from rich.text import Text

REPO = Path(__file__).resolve().parent.parent
DOC_FILES = [
    REPO / "README.md",
    *sorted(p for p in (REPO / "docs").glob("*.md") if p.name != "decisions.md"),
    REPO / "examples" / "README.md",
]


def docs_text() -> str:
    return "\n".join(p.read_text("utf-8") for p in DOC_FILES)


def commands() -> list[tuple[tuple[str, ...], object]]:
    """Every command and command group of ``attcli`` (click objects), by its words."""
    from attcli.cli import app

    out = []

    def walk(cmd: object, path: tuple[str, ...]) -> None:
        out.append((path, cmd))
        for name, sub in (getattr(cmd, "commands", None) or {}).items():
            walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return out


def options() -> list[tuple[tuple[str, ...], str]]:
    """(command words, ``--option``) for every long option of every command."""
    return [
        (path, opt)
        for path, cmd in commands()
        for p in cmd.params  # type: ignore[attr-defined]
        for opt in getattr(p, "opts", ())
        if opt.startswith("--") and opt != "--help"
    ]


# --- --help -----------------------------------------------------------------------------


def test_every_help_text_prints_every_word_it_was_written_with() -> None:
    """The help is Rich markup: an unescaped ``[cme]`` is taken for a style and vanishes,
    and `attcli cme --help` said "(default:  days in the config, 10 unless it says)"."""
    lost = []
    for path, cmd in commands():
        texts = [getattr(cmd, "help", None), getattr(cmd, "short_help", None)]
        texts += [getattr(p, "help", None) for p in cmd.params]  # type: ignore[attr-defined]
        for text in filter(None, texts):
            if Text.from_markup(text).plain != text.replace("\\[", "["):
                lost.append((" ".join(path), text))
    assert lost == []


def test_the_help_of_cme_days_names_the_setting() -> None:
    from clirun import run_cli

    code, out, _ = run_cli("cme", "--help")
    assert code == 0
    assert "[cme] days" in re.sub(r"[\s│]+", " ", out)


# --- commands and options -----------------------------------------------------------------


def readme_table_commands() -> list[list[str]]:
    """The words of each command in the README's table of commands (``attcli pn record /
    void / list / next`` gives four)."""
    text = (REPO / "README.md").read_text("utf-8")
    table = text.split("## The commands", 1)[1].strip().split("\n\n", 1)[0]
    found = []
    for cell in re.findall(r"^\| `attcli ([^`]+)`", table, re.M):
        words = [w for w in cell.split() if re.fullmatch(r"[a-z][a-z-]*", w)]
        if "/" in cell:  # a group and its subcommands
            group, *rest = cell.split(" ", 1)
            found += [[group, w.strip().split()[0]] for w in " ".join(rest).split("/")]
        else:
            found.append(words[:2] if words[0] in {"pupil", "pn", "case", "national"} else words[:1])
    return found


def test_the_readme_table_lists_commands() -> None:
    """(The table's parsing finds what it must.)"""
    found = readme_table_commands()
    assert ["check"] in found and ["pn", "next"] in found and ["pupil", "merge"] in found
    assert len(found) >= 20


def test_every_command_the_readme_lists_exists() -> None:
    paths = {path for path, _ in commands()}
    for words in readme_table_commands():
        if words == ["pupil"]:
            words = ["pupil", "show"]  # `attcli pupil UPN EXPORT...` is `pupil show`
        assert tuple(words) in paths, words


def test_every_command_is_in_the_readme_table() -> None:
    listed = {tuple(w) for w in readme_table_commands()} | {("pupil", "show"), ("pupil",)}
    for path, cmd in commands():
        if not path or getattr(cmd, "commands", None):
            continue
        assert path in listed or path[:1] in listed, path


def test_every_option_of_every_command_is_documented() -> None:
    text = docs_text()
    missing = sorted(
        {f"{' '.join(path)} {opt}" for path, opt in options()
         if not re.search(re.escape(opt) + r"(?![\w-])", text)}
    )  # fmt: skip
    assert missing == []


def test_every_option_the_docs_give_a_command_exists() -> None:
    """``attcli CMD ... --opt`` on one line of the docs: ``--opt`` is an option of CMD (or
    of ``attcli`` itself)."""
    have: dict[str, set[str]] = {}
    for path, opt in options():
        have.setdefault(" ".join(path), set()).add(opt)
    top = have.get("", set()) | {"--help", "--workspace", "--debug", "--version"}
    wrong = []
    for line in docs_text().splitlines():
        m = re.search(r"\battcli ((?:[a-z][a-z-]+)(?: (?:record|void|list|next|show|merge|update))?)\b(.*)", line)
        if not m:
            continue
        cmd = m.group(1)
        if cmd not in have:
            cmd = cmd.split()[0]
        if cmd not in have:
            continue
        for opt in re.findall(r"(?<![\w-])--[a-z][a-z-]*", m.group(2).split("`")[0]):
            if opt not in have[cmd] | top:
                wrong.append((cmd, opt, line.strip()))
    assert wrong == []


# --- settings ---------------------------------------------------------------------------


def settings() -> dict[str, set[str]]:
    """Every key attcli reads in ``attcli.toml``, by its table."""
    from attcli import config as c

    keys: dict[str, set[str]] = {
        s: set(v) for s, v in c.KNOWN_KEYS.items() if v is not None
    }
    keys["school"] = {f.name for f in dataclasses.fields(c.School)}
    keys.update({k: set(v) for k, v in c.ARRAY_KEYS.items()})
    keys["letters"] = set(c.LETTERS_KEYS)
    keys["report"] = set(c.REPORT_KEYS)
    keys["report.national"] = {"attendance_pct", "pa_rate", "sa_rate", "source"}
    keys["register_check"] = {"threshold", "inclusive", "columns", "headers", "bom"}
    keys["la_return"] = {"columns", "headers", "bom"}
    keys["history"] = {"path"}
    keys["schools.KEY"] = set(c._SCHOOL_SECTION_KEYS) | keys["school"]
    return keys


def test_the_settings_listed_here_are_the_ones_attcli_reads() -> None:
    """Each key of :func:`settings` is accepted, and one more in its table is refused (so
    the list above cannot drift from the readers)."""
    from attcli.cliutil import check_sections
    from attcli.config import parse_config
    from attcli.errors import AttcliError

    for table in ("letters", "report", "register_check", "la_return", "sessions"):
        with pytest.raises(AttcliError, match="unknown key"):
            check_sections(parse_config(f"[{table}]\nno_such_key = 1\n"))
    names = sorted(settings()["letters"] | settings()["report"])
    assert "duplex" in names and "target" in names


def test_every_setting_is_documented() -> None:
    """In the docs, or in the commented ``attcli.toml`` that ``attcli init`` writes (the
    README sends a school to it: "with every setting, commented")."""
    from attcli.config import init_text

    text = docs_text() + init_text()
    missing = sorted(
        f"[{table}] {key}"
        for table, keys in settings().items()
        for key in keys
        if not re.search(rf"(?<![\w.]){re.escape(key)}\b", text)
        and f"{table}.{key}" not in text
    )
    assert missing == []


def test_every_setting_the_docs_name_exists() -> None:
    """``[table] key`` in the docs' prose, and every key of their ``toml`` blocks."""
    keys = settings()
    free = {"columns", "codes.subcodes", "register_check.headers", "la_return.headers",
            "letters.contact_columns"}  # fmt: skip
    text = docs_text()
    wrong = []
    for m in re.finditer(r"`\[\[?([a-z_]+(?:\.[a-z_]+)*)\]\]? ([a-z_]+)(?: = [^`]*)?`", text):
        table, key = m.groups()
        if table in keys and key not in keys[table]:
            wrong.append(m.group(0))
    blocks = re.findall(r"```toml\n(.*?)```", text, re.S)
    assert len(blocks) >= 8

    def walk(node: dict, table: str) -> None:
        for k, v in node.items():
            where = f"{table}.{k}" if table else k
            name = re.sub(r"^schools\.[^.]+", "schools.KEY", table)
            if not table:
                from attcli.config import KNOWN_KEYS

                if k not in KNOWN_KEYS:
                    wrong.append(where)
            elif name in free:
                continue
            elif name in keys and k not in keys[name] and not (
                name == "schools.KEY" and k in keys
            ):
                wrong.append(where)
            if isinstance(v, dict):
                walk(v, where)
            elif isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
                for x in v:
                    walk(x, where)

    for block in blocks:
        walk(tomllib.loads(block), "")
    assert wrong == []


def test_init_writes_every_setting() -> None:
    """The README: "`attcli init` writes `attcli.toml` with every setting, commented"
    (the escalation ladder comes with ``--ladder``, and a trust's ``[schools.KEY]`` is
    docs/trust.md's)."""
    from attcli.config import init_text

    text = init_text()
    missing = sorted(
        f"[{table}] {key}"
        for table, keys in settings().items()
        if not table.startswith(("escalation", "schools"))
        for key in keys
        if not re.search(rf"^[#\s]*(\[+{re.escape(table)}\.)?{re.escape(key)}\]*\s*=?", text, re.M)
        and not re.search(rf"^[#\s]*\[+{re.escape(table)}\.{re.escape(key)}\]", text, re.M)
    )
    assert missing == []


def test_every_command_that_reads_exports_takes_what_the_readme_says() -> None:
    """"Every command that reads exports takes `--as-of DATE` ... and `--preset`", and the
    README's list of the commands that take `--pupils FILE`."""
    text = (REPO / "README.md").read_text("utf-8")
    listed = re.search(r"`--pupils FILE` \(([^)]*)\)", text)
    assert listed is not None
    names = set(re.findall(r"`([a-z][a-z -]*)`", listed.group(1)))
    names |= {"register-check", "la-return"} if "the LA files" in listed.group(1) else set()
    readers = {}
    for path, cmd in commands():
        if any(getattr(p, "name", "") == "exports" for p in cmd.params):  # type: ignore[attr-defined]
            readers[" ".join(path)] = {o for p in cmd.params for o in getattr(p, "opts", ())}  # type: ignore[attr-defined]
    assert len(readers) >= 11
    for name, opts in readers.items():
        assert {"--as-of", "--preset"} <= opts, name
        short = "pupil" if name == "pupil show" else name
        assert ("--pupils" in opts) == (short in names), name


def test_the_help_of_report_trust_says_it_takes_exports_too() -> None:
    """docs/trust.md: `attcli report --trust oak-autumn.csv ash-autumn.xlsx
    birch.summary.json` (a school's exports, by its ``[schools.KEY]`` files); the help
    said summary files only."""
    from clirun import run_cli

    code, out, _ = run_cli("report", "--help")
    assert code == 0
    trust = re.sub(r"[\s│]+", " ", out.split("--trust", 1)[1].split("--config", 1)[0])
    assert "summary files" in trust and "[schools.KEY]" in trust and "exports" in trust


@pytest.mark.parametrize("command", ["record", "list"])
def test_the_usage_of_case_shows_its_optional_upn_once_bracketed(command: str) -> None:
    """`attcli case record --help` said `Usage: attcli case record [OPTIONS] [[UPN]]`: the
    metavar had its own brackets and Typer adds a pair for an optional argument."""
    from clirun import run_cli

    code, out, _ = run_cli("case", command, "--help")
    assert code == 0
    assert f"attcli case {command} [OPTIONS] [UPN]" in out and "[[UPN]]" not in out


def test_a_group_lists_each_command_in_one_paragraph() -> None:
    """`attcli pn --help` listed "... and the sessions the exports show" and, on a line of
    its own, "it covers.": in Rich markup mode Typer keeps the docstring's line breaks in a
    group's list of commands (its first paragraph; a command's own --help reflows it)."""
    from typer.rich_utils import _make_command_help

    broken = []
    for path, cmd in commands():
        if not path:
            continue
        shown = _make_command_help(
            help_text=getattr(cmd, "short_help", None) or getattr(cmd, "help", None) or "",
            markup_mode="rich",
        )
        if "\n" in getattr(shown, "plain", str(shown)):
            broken.append(" ".join(path))
    assert broken == []


def test_the_contacts_table_of_docs_letters_is_the_headers_attcli_recognises() -> None:
    """docs/letters.md's "Recognised headers" table: a row for every field of the contacts
    export (each a `[letters.contact_columns]` key), and every header it lists is one that
    field recognises. It had no row for `contact_id` (the parent's id penalty notices
    count by) nor `primary`, and put Street, Locality and City under the address lines."""
    from attcli.contacts import CONTACT_FIELDS

    def norm(header: str) -> str:
        return re.sub(r"[^a-z0-9]", "", header.lower())

    text = (REPO / "docs" / "letters.md").read_text("utf-8")
    table = text.split("| field | headers |", 1)[1].split("\n\n", 1)[0]
    seen: set[str] = set()
    wrong = []
    for line in table.strip().splitlines()[1:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        fields = [f.replace("(required)", "").strip() for f in cells[0].split(",")]
        seen.update(fields)
        headers = re.sub(r"\s*\([^)]*\)", "", cells[1])
        known = {norm(h) for f in fields for h in CONTACT_FIELDS.get(f, ())}
        wrong += [(fields, h) for h in re.split(r"[,;] ", headers) if norm(h) not in known]
    assert wrong == []
    assert seen == set(CONTACT_FIELDS)


def test_the_help_of_report_output_gives_the_governors_default_name(tmp_path, monkeypatch) -> None:
    """docs/report.md: the governors' version's "default file name is
    `report-governors.html`"; the help said "default: report.html or report.xlsx"."""
    from clirun import run_cli

    code, out, _ = run_cli("report", "--help")
    assert code == 0
    output = re.sub(r"[\s│]+", " ", out.split("--output", 1)[1].split("--as-of", 1)[0])
    assert "report-governors.html" in output
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(
        "report", REPO / "examples/exports/arbor_autumn_2026.csv", "--config",
        REPO / "examples/attcli.toml", "--audience", "governors",
    )  # fmt: skip
    assert code == 0, err
    assert (tmp_path / "report-governors.html").is_file()


def test_the_commands_taking_per_school_are_the_ones_the_readme_names() -> None:
    text = (REPO / "README.md").read_text("utf-8")
    said = re.search(r"`check`,\s+`cme`,[^;]*?take\s+`--per-school DIR`", text)
    assert said is not None
    names = set(re.findall(r"`([a-z][a-z-]*)`", said.group(0)))
    have = {" ".join(path) for path, opt in options() if opt == "--per-school"}
    assert have == names


# --- the README's quoted output -------------------------------------------------------------


def readme_sessions(doc: str = "README.md") -> list[tuple[str, list[str], bool]]:
    """Each command of the README's code blocks whose output the README quotes: a ``$
    command`` and the lines after it, or a block of one ``attcli`` command followed by a
    block of its output; and whether it follows another ``$ command`` of its block (run
    where that one ran, as a reader types them one after the other)."""
    blocks: list[list[str]] = []
    inside = False
    for line in (REPO / doc).read_text("utf-8").splitlines():
        if line.strip().startswith("```"):
            inside = not inside
            if inside:
                blocks.append([])
        elif inside:
            blocks[-1].append(line)
    out: list[tuple[str, list[str], bool]] = []
    for i, block in enumerate(blocks):
        if block and block[0].startswith("$ "):
            for line in block:
                if line.startswith("$ "):
                    out.append((line[2:], [], line is not block[0]))
                else:
                    out[-1][1].append(line)
        elif block and block[0].startswith("attcli ") and i + 1 < len(blocks):
            after = blocks[i + 1]
            if after and not after[0].lstrip().startswith(("attcli ", "$ ", "python ")):
                out.append((block[0], after, False))
    return out


def quoted_paragraphs(lines: list[str]) -> list[str]:
    """The quoted text outside tables, as runs of lines (a `...` or a table ends one),
    whitespace collapsed: Rich wraps text to the terminal, tables differently at each
    width, so only the words and their order are compared."""
    paras, run = [], []
    for line in [*lines, "..."]:
        if line.strip() in {"...", ""} or re.search("[│┃┏┡└━─]", line):
            if run:
                paras.append(" ".join(" ".join(run).split()))
            run = []
        else:
            run.append(line)
    return paras


def para_lines(para: str, quoted: list[str]) -> list[str]:
    """The quoted lines a paragraph of :func:`quoted_paragraphs` was made of."""
    return [line for line in quoted if line.strip() and " ".join(line.split()) in para]


def test_the_readme_quotes_its_commands_outputs(tmp_path, monkeypatch) -> None:
    """Each `$ attcli ...` the README (and docs/trust.md, on the examples) shows, run as written on a copy of the examples,
    prints every line it quotes (figures, names, messages), word for word."""
    import shlex
    import shutil

    from attcli import clock
    from clirun import run_cli

    monkeypatch.setenv(clock.ENV_VAR, "2027-08-31")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))
    monkeypatch.delenv("ATTCLI_WORKSPACE", raising=False)
    sessions = readme_sessions()
    assert len(sessions) >= 8
    trust = [x for x in readme_sessions("docs/trust.md") if "examples/" in x[0]]
    assert trust  # docs/trust.md's summary of the example school
    assert any(w[0].startswith("attcli la-return") and w[2] for w in sessions)  # November's
    for n, (command, quoted, follows) in enumerate(sessions + trust):
        words = shlex.split(command)
        if not follows:  # each block on a fresh copy, as its quote was made
            where = tmp_path / f"run{n}"
            shutil.copytree(REPO / "examples", where / "examples")
            monkeypatch.chdir(where)
        if words[0] == "head":
            got = Path(words[-1]).read_text("utf-8-sig").splitlines()[: int(words[1][1:])]
            assert got == quoted, command
            continue
        assert words[0] == "attcli", command
        code, out, err = run_cli(*words[1:], width=100)
        assert code == (2 if len(words) == 2 else 1 if "error:" in "".join(quoted) else 0)
        # stdout, and stderr (its notes may come between the lines a doc quotes)
        said = [" ".join(out.split()), " ".join(err.split())]
        for para in quoted_paragraphs(quoted):
            assert any(para in x for x in said) or all(
                any(" ".join(line.split()) in x for x in said) for line in para_lines(para, quoted)
            ), (command, para)
        # a table's lines as the README draws them, 100 columns wide (docs2 sweep: cme's
        # table had other column widths than cme draws)
        drawn = {line.rstrip() for line in (out + err).splitlines()}
        for line in quoted:
            if re.search("[│┃┏┡└]", line):
                assert line.rstrip() in drawn, (command, line)


def test_the_help_of_register_check_as_of_says_the_term_ends_the_figures(tmp_path) -> None:
    """Exports running past the term (autumn with January's) give the term's file "figures
    as of 18/12/2026", its last day, with or without a later `--as-of`; the help said the
    default was the last date in the data."""
    from clirun import run_cli

    code, out, _ = run_cli("register-check", "--help")
    assert code == 0
    as_of = re.search(r"--as-of DATE (.*?) --force", re.sub(r"[\s│]+", " ", out))
    assert as_of is not None and "term's last day" in as_of.group(1)
    ex = REPO / "examples"
    for later in ([], ["--as-of", "2027-01-15"]):
        code, out, err = run_cli(
            "register-check", ex / "exports/arbor_autumn_2026.csv",
            ex / "exports/weekly/arbor_2027-01-15.csv", "--term", "autumn", "--config",
            ex / "attcli.toml", "-o", tmp_path / f"rc{len(later)}.csv", *later,
        )  # fmt: skip
        assert code == 0, err
        assert "figures as of 18/12/2026" in " ".join(out.split())
