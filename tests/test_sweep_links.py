"""Sweep links: a link planted, or a folder another user may write in, where attcli finds
its workspace by itself (the user folder, attcli.toml in the working folder) or keeps its
run lock; the quoting of a path for cmd and PowerShell; the outputs a user names
(docs/decisions.md, links)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from attcli import output, workspace
from attcli.errors import AttcliError
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace
from test_sweep_hostile5 import _export, _one_line

POSIX = os.name != "nt"
ROOT = POSIX and os.geteuid() == 0


def _theirs(tmp_path: Path, name: str = "theirs", mode: int = 0o777) -> Path:
    """A folder holding a school's attcli.toml that others may write in (``mode``)."""
    folder = tmp_path / name
    make_workspace(folder, AUTUMN_HALF_TERMS)
    folder.chmod(mode)
    return folder


# ------------------------------------------------ the user folder: attcli's own choice


@pytest.mark.skipif(not POSIX, reason="modes and links")
def test_a_link_planted_as_the_user_folder_to_a_folder_others_write_in_is_refused(tmp_path):
    """~/.local/share/attcli a link to a folder others may write in, holding an attcli.toml
    (another user's: theirs the settings, their [history] path): the run took it as the
    school's workspace and kept its history there.  Refused in one line naming the folder,
    where it leads and what would do; nothing written there."""
    theirs = _theirs(tmp_path)
    user = workspace.user_folder()
    user.parent.mkdir(parents=True, exist_ok=True)
    user.symlink_to(theirs)
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(AttcliError) as got:
        workspace.find_workspace(cwd=work, environ={})
    said = str(got.value)
    assert said.startswith(f"your user folder {user} (a link to {theirs}) is not yours alone (")
    assert "not yours alone (everyone may write in it)" in said  # (it: sweep looks12)
    assert said.endswith(
        "; remove the link and make your own with `attcli init`, or, if it is the school's "
        "workspace, give it with --workspace"
    )
    assert sorted(p.name for p in theirs.iterdir()) == ["attcli.toml"]


@pytest.mark.skipif(not POSIX, reason="modes and links")
def test_a_run_with_a_planted_user_folder_records_nothing_there(tmp_path, monkeypatch):
    """The same through the command line (check --record, which keeps a snapshot in the
    history): exit 1, one line, no history made in the folder the link leads to; given
    with --workspace (the user's own choice, a shared drive), the folder is used."""
    theirs = _theirs(tmp_path)
    user = workspace.user_folder()
    user.parent.mkdir(parents=True, exist_ok=True)
    user.symlink_to(theirs)
    monkeypatch.chdir(tmp_path)
    export = _export(tmp_path / "reg.csv")
    code, _, err = run_cli("check", export, "--as-of", "2026-09-11", "--record")
    assert "is not yours alone" in _one_line(code, err)
    assert sorted(p.name for p in theirs.iterdir()) == ["attcli.toml"]
    code, _, err = run_cli("--workspace", theirs, "check", export, "--as-of", "2026-09-11", "--record")
    assert code == 0, err
    assert (theirs / "attcli-history.sqlite3").is_file()


@pytest.mark.skipif(not POSIX, reason="links")
def test_the_user_s_own_link_to_a_folder_of_theirs_is_followed(tmp_path):
    """A link the user made (their user folder moved to another drive, linked back) leading
    to a folder no one else may write in: used, as before."""
    mine = tmp_path / "drive" / "attcli"
    make_workspace(mine, AUTUMN_HALF_TERMS)
    mine.chmod(0o700)
    user = workspace.user_folder()
    user.parent.mkdir(parents=True, exist_ok=True)
    user.symlink_to(mine)
    found = workspace.find_workspace(cwd=tmp_path, environ={})
    assert found.how == workspace.HOW_USER and found.found


@pytest.mark.skipif(not ROOT, reason="chown: root only")
def test_a_user_folder_that_is_another_user_s_is_refused(tmp_path):
    """The user folder owned by another user (uid 65534), mode 0700: theirs to change."""
    user = workspace.user_folder()
    make_workspace(user, AUTUMN_HALF_TERMS)
    user.chmod(0o700)
    os.chown(user, 65534, -1)
    with pytest.raises(AttcliError) as got:
        workspace.find_workspace(cwd=tmp_path, environ={})
    assert f"your user folder {user} is not yours alone (it belongs to another user, " in str(
        got.value
    )
    assert str(got.value).endswith(
        "; have the folder named made yours alone (chmod go-w), or move it away and make your "
        "own with `attcli init`, or, if it is the school's workspace, give it with --workspace"
    )


@pytest.mark.skipif(not POSIX, reason="modes and links")
def test_init_into_a_planted_user_folder_writes_nothing_there(tmp_path, monkeypatch):
    """`attcli init` (no folder given: the user folder) where a link leads the user folder
    to a folder others may write in: refused, no attcli.toml written there.  Its remedy
    is "remove the link and run `attcli init` again", not "make your own with `attcli
    init`", the command just run (sweep looks12); a check refused so still says the
    latter."""
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    theirs.chmod(0o777)
    user = workspace.user_folder()
    user.parent.mkdir(parents=True, exist_ok=True)
    user.symlink_to(theirs)
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli("init", "--school", "Riverside", "--urn", "100001")
    said = _one_line(code, err)
    assert "is not yours alone" in said
    assert "remove the link and run `attcli init` again, or, if" in said, said
    assert "make your own with" not in said, said
    assert list(theirs.iterdir()) == []
    make_workspace(theirs)
    code, _, err = run_cli("check", tmp_path / "none.csv")
    assert "remove the link and make your own with `attcli init`" in _one_line(code, err)


# ------------------------------------------------ attcli.toml in the working folder


@pytest.mark.skipif(not POSIX, reason="modes")
@pytest.mark.parametrize("mode", [0o777, 0o1777])
def test_a_working_folder_others_may_write_in_is_not_taken_as_the_workspace(tmp_path, mode):
    """attcli.toml found in a working folder others may write in (a shared folder; /tmp,
    sticky, where another user can make the history file before the school's first run):
    refused, naming the folder and --workspace, the user's own choice, which is followed."""
    folder = _theirs(tmp_path, mode=mode)
    with pytest.raises(AttcliError) as got:
        workspace.find_workspace(cwd=folder, environ={})
    assert str(got.value) == (
        f"the working folder {folder} holds attcli.toml but is not yours alone (everyone may "
        f"write in it): attcli takes a workspace it finds only where no other user can "
        f"change it; if it is the school's, give it with --workspace {folder}"
    )
    assert workspace.find_workspace(folder, environ={}).folder == folder


@pytest.mark.skipif(not POSIX, reason="modes")
def test_a_working_folder_s_config_others_may_write_is_not_taken(tmp_path):
    """The folder the user's own (0755) but attcli.toml in it 0666: anyone may change the
    school's settings ([history] path among them)."""
    folder = _theirs(tmp_path, mode=0o755)
    (folder / "attcli.toml").chmod(0o666)
    with pytest.raises(AttcliError, match=r"\(everyone may write in .*attcli\.toml\)"):
        workspace.find_workspace(cwd=folder, environ={})


@pytest.mark.skipif(not POSIX, reason="modes")
def test_a_working_folder_of_the_user_s_own_is_taken_as_before(tmp_path):
    """0755 (umask 022) and 0700: the user's own, used."""
    for mode in (0o755, 0o700):
        folder = _theirs(tmp_path, f"ws{mode:o}", mode=mode)
        assert workspace.find_workspace(cwd=folder, environ={}).how == workspace.HOW_CWD


@pytest.mark.skipif(not ROOT, reason="chown: root only")
def test_a_working_folder_s_config_of_another_user_is_not_taken(tmp_path):
    """attcli.toml another user's (uid 65534) in a folder of the user's: not taken."""
    folder = _theirs(tmp_path, mode=0o755)
    os.chown(folder / "attcli.toml", 65534, -1)
    with pytest.raises(AttcliError, match=r"attcli\.toml belongs to another user, \w+\)"):
        workspace.find_workspace(cwd=folder, environ={})


# ------------------------------------------------ output.not_only_mine: a group of one


@pytest.mark.skipif(not POSIX, reason="modes")
def test_a_folder_its_group_may_write_in_is_only_mine_when_the_group_is_the_user_s_own(
    tmp_path, monkeypatch
):
    """0775 under a user private group (umask 002, Debian's and Ubuntu's default: the group
    named as the user, no one else in it) is the user's alone; a group with another member
    may write in it."""
    import grp
    import pwd

    folder = tmp_path / "ws"
    folder.mkdir()
    folder.chmod(0o775)
    me = pwd.getpwuid(os.getuid())
    st = os.stat(folder)
    group = grp.struct_group(("g", "x", st.st_gid, []))
    monkeypatch.setattr(grp, "getgrgid", lambda gid: group)
    mine = pwd.struct_passwd(("g", "x", me.pw_uid, st.st_gid, "", me.pw_dir, me.pw_shell))
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: mine)
    assert output.not_only_mine(folder) is None
    group = grp.struct_group(("g", "x", st.st_gid, ["colleague"]))
    assert output.not_only_mine(folder) == f"the group g may write in {folder}"
    # the user's primary group, but not named as the user ("staff": others' primary group
    # too, and they are not listed as its members), or named so but not theirs
    group = grp.struct_group(("staff", "x", st.st_gid, []))
    assert output.not_only_mine(folder) == f"the group staff may write in {folder}"
    group = grp.struct_group(("g", "x", st.st_gid, []))
    mine = pwd.struct_passwd(("g", "x", me.pw_uid, st.st_gid + 1, "", me.pw_dir, me.pw_shell))
    assert output.not_only_mine(folder) == f"the group g may write in {folder}"


# ------------------------------------------------ the history's run lock


class FileLock3:
    """filelock 3's FileLock as far as its open goes (``UnixFileLock._acquire``): O_RDWR |
    O_TRUNC, following a link."""

    def __init__(self, path, mode=0o644, blocking=True):
        self.path = path

    def acquire(self):
        os.close(os.open(self.path, os.O_RDWR | os.O_TRUNC | os.O_CREAT, 0o600))

    def release(self):
        pass


@pytest.mark.skipif(not POSIX, reason="links")
@pytest.mark.parametrize("filelock_3", [False, True])
def test_a_link_planted_as_the_history_s_run_lock_is_refused_and_never_followed(
    tmp_path, monkeypatch, filelock_3
):
    """attcli-history.sqlite3.lock a link to another file (in a workspace on a shared
    folder): filelock 3 (which pyproject allows) opened it with O_TRUNC, following it, and
    emptied the file it led to; filelock 4 refuses it, said "Too many levels of symbolic
    links".  Refused in one line naming the lock and what to do, before either opens it;
    the file it leads to untouched."""
    import filelock

    from attcli.store import History

    if filelock_3:
        monkeypatch.setattr(filelock, "FileLock", FileLock3)

    folder = tmp_path / "ws"
    folder.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("a colleague's own file", encoding="utf-8")
    lock = folder / "attcli-history.sqlite3.lock"
    lock.symlink_to(victim)
    with pytest.raises(AttcliError) as got:
        History(folder / "attcli-history.sqlite3", write=True)
    assert str(got.value) == (
        f"cannot lock the history {folder / 'attcli-history.sqlite3'}: its run lock file "
        f"{lock} is a link (a shortcut) to {victim}, not attcli's own file: delete the link "
        "(it holds no data) and run again"
    )
    assert victim.read_text(encoding="utf-8") == "a colleague's own file"
    assert not (folder / "attcli-history.sqlite3").exists()


# ------------------------------------------------ -o: the user's own choice


@pytest.mark.skipif(not POSIX, reason="links")
def test_an_output_named_by_a_link_is_replaced_never_written_through(tmp_path):
    """-o naming a link (to a file elsewhere): refused without --force, as any file there;
    with --force the link itself is replaced by the new file (0600), the file it led to
    untouched: an output never writes into a file another name leads to."""
    victim = tmp_path / "victim.txt"
    victim.write_text("theirs", encoding="utf-8")
    out = tmp_path / "out.csv"
    out.symlink_to(victim)
    with pytest.raises(output.OutputError, match="already exists; use --force"):
        output.write_private(out, b"pupils")
    output.write_private(out, b"pupils", force=True)
    assert not out.is_symlink() and out.read_bytes() == b"pupils"
    assert os.stat(out).st_mode & 0o777 == 0o600
    assert victim.read_text(encoding="utf-8") == "theirs"
    dangling = tmp_path / "new.csv"
    dangling.symlink_to(tmp_path / "nowhere.csv")
    with pytest.raises(output.OutputError, match="already exists; use --force"):
        output.write_private(dangling, b"pupils")
    assert not (tmp_path / "nowhere.csv").exists()


# ------------------------------------------------ command_arg on Windows: cmd and PowerShell


@pytest.mark.parametrize(
    "path",
    [r"C:\Attendance\%USERNAME%", r"C:\Attendance\50%", r"C:\Hi!\ws",
     r"C:\Users\jo\$env:TEMP", r"C:\a`tb\ws", "C:\\St Mary\u201cs\\ws"],
)  # fmt: skip
def test_a_windows_path_a_shell_would_change_in_double_quotes_is_the_placeholder(
    path, monkeypatch
):
    """cmd expands %NAME% (and !NAME! with delayed expansion) inside double quotes,
    PowerShell $name, $(...) and backtick escapes, and ends a string at a curly quote: a
    pasted command named another folder (or ran something).  No quoting is inert in both,
    so the placeholder, as command_word gives a value; the path is named beside it."""
    monkeypatch.setattr(output, "WINDOWS", True)
    assert output.command_arg(path) == "FOLDER"
    assert output.command_arg(path, "FILE") == "FILE"


@pytest.mark.parametrize(
    ("path", "given"),
    [(r"\\office\c$\attendance", '"\\\\office\\c$\\attendance"'),
     (r"\\office\d$", '"\\\\office\\d$"'),
     (r"C:\Users\jo\OneDrive - St Mary's", "\"C:\\Users\\jo\\OneDrive - St Mary's\""),
     ("C:\\St Mary\u2019s", "\"C:\\St Mary\u2019s\""),
     (r"C:\Attendance & Welfare\ws", "\"C:\\Attendance & Welfare\\ws\"")],
)  # fmt: skip
def test_a_windows_path_no_shell_changes_is_given_as_before(path, given, monkeypatch):
    """An administrative share (``\\\\office\\c$\\``: a $ before a backslash or at the end is
    no variable to PowerShell), an apostrophe (a curly one too, St Mary\u2019s: PowerShell reads
    it as ', literal in double quotes), an ampersand, a space: given whole, in double quotes,
    as before."""
    monkeypatch.setattr(output, "WINDOWS", True)
    assert output.command_arg(path) == given


@pytest.mark.skipif(not POSIX, reason="links")
def test_a_link_planted_as_the_history_s_journal_is_said_as_that(tmp_path):
    """attcli-history.sqlite3-journal a link (planted in a workspace others may write in):
    SQLite never follows it (the file it leads to untouched), and refused the history as
    "unable to open database file: check that you may read and write it and its folder",
    both of which the office may.  Said as the link it is, and what to do."""
    from attcli.store import History

    folder = tmp_path / "ws"
    folder.mkdir()
    history = folder / "attcli-history.sqlite3"
    History(history, write=True).close()
    victim = tmp_path / "victim.txt"
    victim.write_text("a colleague's own file", encoding="utf-8")
    journal = folder / "attcli-history.sqlite3-journal"
    journal.symlink_to(victim)
    with pytest.raises(AttcliError) as got:
        History(history, write=True)
    assert str(got.value) == (
        f"cannot open the history {history}: its journal file {journal} is a link (a "
        f"shortcut) to {victim}, which SQLite never follows: delete the link (SQLite makes "
        "its own journal as it records) and run again"
    )
    assert victim.read_text(encoding="utf-8") == "a colleague's own file"


@pytest.mark.skipif(not POSIX, reason="links")
def test_a_history_that_is_a_link_to_nothing_is_one_line_never_a_new_history(tmp_path):
    """attcli-history.sqlite3 a link to a file that is not there (the school's history on a
    network drive not connected, or a link left after a move): a run that records was exit
    70 "This is a bug" (FileNotFoundError), and one that reads took it as no history yet
    (no notice, no letter on record).  One line naming the link and where it leads, for
    both; nothing made at either end."""
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    gone = tmp_path / "share" / "attcli-history.sqlite3"
    link = cfg.parent / "attcli-history.sqlite3"
    link.symlink_to(gone)
    export = _export(tmp_path / "reg.csv")
    said = (
        f"the history {link} is a link (a shortcut) to {gone}, which is not there (a "
        "network drive not connected?): connect it, or correct the link; attcli reads the "
        "letters and notices on record there"
    )
    code, _, err = run_cli("--workspace", cfg.parent, "check", export, "--as-of", "2026-09-11", "--record")
    assert _one_line(code, err) == said
    code, _, err = run_cli("--workspace", cfg.parent, "pn", "list")
    assert _one_line(code, err) == said
    assert link.is_symlink() and not gone.exists() and not gone.parent.exists()


@pytest.mark.skipif(not POSIX, reason="links")
def test_a_reader_asking_whether_a_run_is_under_way_never_opens_a_linked_lock(
    tmp_path, monkeypatch
):
    """A dry run asks whether another run holds the lock (store.run_under_way) by taking it
    for a moment: through filelock 3 that open emptied the file a planted link led to.  A
    link is no run's lock (a run that writes refuses it): no run under way, nothing
    opened."""
    import filelock

    from attcli import store

    monkeypatch.setattr(filelock, "FileLock", FileLock3)
    folder = tmp_path / "ws"
    folder.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("a colleague's own file", encoding="utf-8")
    (folder / "attcli-history.sqlite3.lock").symlink_to(victim)
    assert store.run_under_way(folder / "attcli-history.sqlite3") is False
    assert victim.read_text(encoding="utf-8") == "a colleague's own file"


@pytest.mark.skipif(not POSIX, reason="modes")
def test_on_windows_a_working_folder_is_not_asked_of_its_modes(tmp_path, monkeypatch):
    """Windows gives a folder its profile's or share's permissions, which modes do not
    show (a folder there reads 0777): the workspace there is found as before."""
    folder = _theirs(tmp_path, mode=0o777)
    monkeypatch.setattr(output, "WINDOWS", True)
    assert output.not_only_mine(folder) is None and output.only_mine(folder)
    assert workspace.find_workspace(cwd=folder, environ={}).how == workspace.HOW_CWD
