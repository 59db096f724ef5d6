"""Where a school's settings and history live: one workspace folder, found the same way
from any working folder.

A workspace is a folder holding ``attcli.toml`` (the school's config) and, beside it,
the history store (letters sent, penalty notices; :mod:`attcli.store`).  The first of
these that is given is used:

1. ``--workspace DIR`` (or ``--config FILE``: that file, in its folder);
2. the environment variable ``ATTCLI_WORKSPACE`` (a folder);
3. ``attcli.toml`` in the working folder;
4. the per-user data folder (``platformdirs``: ``~/.local/share/attcli`` on Linux,
   ``~/Library/Application Support/attcli`` on macOS, ``%LOCALAPPDATA%\\attcli`` on
   Windows), when it holds an ``attcli.toml``.

A folder named by ``--workspace`` or ``ATTCLI_WORKSPACE`` must hold an ``attcli.toml``:
a mistyped path is an error, never an empty workspace.  With none found, commands that
only read exports run on the default settings and no history; commands that write
history refuse.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from attcli.errors import AttcliError, shown, typed_path_hint

CONFIG_NAME = "attcli.toml"
ENV_VAR = "ATTCLI_WORKSPACE"
APP_NAME = "attcli"

HOW_OPTION = "--workspace"
HOW_CONFIG = "--config"
HOW_ENV = ENV_VAR
HOW_CWD = "attcli.toml in the working folder"
HOW_USER = "your user folder"

#: What a refusal for want of a workspace says to do, first the school's own (run from the
#: folder that is not it, Downloads beside it, its history is still there), a new one
#: last, saying what it lacks: offered first, `attcli init` made a second, empty history
#: whose next letters run sent the half term's letters again (sweep blind9)
NO_WORKSPACE_TO_DO = (
    f"if your school has one, run attcli in the folder that holds its {CONFIG_NAME}, or give "
    f"{HOW_OPTION} DIR (or set {ENV_VAR}); `attcli init` makes a new one, with no record of "
    "the letters and notices sent"
)


@dataclass(frozen=True)
class Workspace:
    """A workspace found by :func:`find_workspace` (``config`` None: none was found)."""

    folder: Path | None
    config: Path | None
    how: str
    #: none found, or the user folder's: the nearest folder above the working folder
    #: holding an attcli.toml (run from a folder inside the school's workspace), else None
    above: Path | None = None

    @property
    def found(self) -> bool:
        return self.config is not None

    def above_hint(self) -> str | None:
        """What to do when none was found and a workspace is above the working folder."""
        if self.above is None or (self.found and self.how != HOW_USER):
            return None
        from attcli.output import command_arg

        unused = " and is not used" if self.found else ""
        return (
            f"the folder {shown(self.above)}, above the working folder, holds {CONFIG_NAME}"
            f"{unused}: run attcli from there, or give --workspace {command_arg(str(self.above))}"
        )


def folder_above(cwd: Path) -> Path | None:
    """The nearest folder above ``cwd`` holding an ``attcli.toml`` (not read: named in the
    message of a command that found no workspace), or None."""
    for folder in cwd.resolve().parents:
        try:
            if (folder / CONFIG_NAME).is_file():
                return folder
        except OSError:  # (a folder above that cannot be read)
            return None
    return None


def user_folder() -> Path:
    """The per-user data folder, the workspace of last resort (made by ``attcli init``)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def misnamed(folder: Path, name: str = CONFIG_NAME) -> str | None:
    """What ``folder`` holds in place of its config ``name``, or None: a file Notepad saved
    as ``attcli.toml.txt`` (Windows hides the ``.txt``, so Explorer shows attcli.toml), the
    name in other capitals, or a folder of that name."""
    if (folder / name).is_dir():
        return f"holds a folder named {name}, not the config file"
    for other in (f"{name}.txt", f"{name}.TXT"):
        if (folder / other).is_file():
            return (
                f"holds {other}, not {name} (Notepad added .txt, which Windows hides): "
                f"rename it {name}"
            )
    try:
        found = sorted(
            p.name for p in folder.iterdir() if p.name.casefold() == name.casefold() != p.name
        )
    except OSError:
        return None
    return f"holds {found[0]}, not {name}: rename it {name}" if found else None


def _named(folder: Path, how: str) -> Workspace:
    from attcli.output import command_arg

    folder = folder.expanduser()
    if folder.is_file():
        raise AttcliError(
            f"{how} {str(folder)!r} is a file; give the workspace folder (the one holding "
            f"{CONFIG_NAME}), or the file with --config"
        )
    if not folder.is_dir() and (typed := typed_path_hint(str(folder))):
        raise AttcliError(f"{how} {str(folder)!r}: no such folder; {typed}")
    if not folder.is_dir() and not folder.is_absolute() and how == HOW_ENV:
        # a folder set once for every run, named as from one folder: read from whichever
        # attcli runs in, and `init` there would start a second workspace (sweep slips9)
        raise AttcliError(
            f"{how} {str(folder)!r}: no such folder in {shown(str(Path.cwd()))} (the folder "
            "attcli was run from, where a folder named without its whole path is looked "
            f"for): set {ENV_VAR} to the workspace's whole path (the folder holding its "
            f"{CONFIG_NAME})"
        )
    if not folder.is_dir():
        raise AttcliError(
            f"{how} {str(folder)!r}: no such folder; make the workspace with "
            f"`attcli --workspace {command_arg(str(folder))} init`"
        )
    config = folder / CONFIG_NAME
    if not config.is_file() and (why := misnamed(folder)):
        raise AttcliError(f"{how} {str(folder)!r} {why}")
    if not config.is_file():
        raise AttcliError(
            f"{how} {str(folder)!r} holds no {CONFIG_NAME}; make it with "
            f"`attcli --workspace {command_arg(str(folder))} init`"
        )
    return Workspace(folder.resolve(), config.resolve(), how)


def _env_folder(environ: Mapping[str, str]) -> str:
    """``ATTCLI_WORKSPACE``, trimmed ("" when unset).  A folder named on a Latin-1 system
    reaches Python with lone surrogates, as such an argument does: refused in one line, as
    the arguments are (:func:`attcli.output.not_utf8`), before a config is read or a
    history written under a name no note can give."""
    from attcli.output import not_utf8

    env = environ.get(ENV_VAR, "").strip()
    if bad := not_utf8(env, f"rename the folder, and set {ENV_VAR} to its new name"):
        raise AttcliError(f"{ENV_VAR}: {bad}")
    return env


def find_workspace(
    workspace: Path | None = None,
    config: Path | None = None,
    *,
    cwd: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Workspace:
    """The workspace to use (see the module docstring for the order)."""
    environ = os.environ if environ is None else environ
    if workspace is not None and config is not None:
        raise AttcliError(
            "give --workspace DIR or --config FILE, not both (the config file is the "
            "workspace's attcli.toml)"
        )
    if config is not None:
        p = Path(config).expanduser()
        return Workspace(p.resolve().parent, p, HOW_CONFIG)
    if workspace is not None:
        return _named(Path(workspace), HOW_OPTION)
    env = _env_folder(environ)
    if env:
        return _named(Path(env), HOW_ENV)
    here = (cwd or Path.cwd()) / CONFIG_NAME
    if here.is_file():
        if why := not_yours_alone(here):
            from attcli.output import command_arg

            raise AttcliError(
                f"the working folder {shown(here.parent)}{why}: attcli takes a workspace it "
                "finds only where no other user can change it; if it is the school's, give "
                f"it with --workspace {command_arg(str(here.parent))}"
            )
        return Workspace(here.parent.resolve(), here.resolve(), HOW_CWD)
    if why := misnamed(here.parent):
        # the school's config misnamed here: not the default settings, nor another folder's
        raise AttcliError(f"the working folder {shown(here.parent)} {why}")
    user = user_folder()
    if (user / CONFIG_NAME).is_file():
        refuse_shared_user_folder(user)
        above = folder_above(cwd or Path.cwd())
        return Workspace(user, user / CONFIG_NAME, HOW_USER, None if above == user else above)
    if why := misnamed(user):  # (where `attcli init` made it, edited in Notepad)
        raise AttcliError(f"your user folder {user} {why}")
    return Workspace(None, None, "none found", folder_above(cwd or Path.cwd()))


def not_yours_alone(config: Path) -> str | None:
    """What to say after a folder's name when another user could change the workspace of
    ``config`` (an ``attcli.toml``), one attcli found by itself (the working folder's, the
    user folder's), or None: " holds attcli.toml but is not yours alone (WHY)", with
    " (a link to REAL)" first where a link leads it elsewhere.  Another user's settings
    name the history's file (``[history] path``), and a folder others may write in lets
    them put their own history, config or folder in its place, so the pupils' records
    went where they could read them (:func:`attcli.output.not_only_mine` of the config
    and of its folder, each as the links lead).  A workspace the user names
    (``--workspace``, ``ATTCLI_WORKSPACE``, ``--config``) is their choice, as a shared
    drive's: used as it is."""
    from attcli.output import not_only_mine

    folder = config.parent
    real = Path(os.path.realpath(folder))
    why = not_only_mine(real, it=True)  # (the folder named just before the reason)
    if why is None and os.path.lexists(config):  # (none yet: `attcli init` to make it)
        why = not_only_mine(Path(os.path.realpath(config)))
    if why is None:
        return None
    led = f" (a link to {shown(real)})" if real != folder.absolute() else ""
    return f"{led} holds {CONFIG_NAME} but is not yours alone ({why})"


def refuse_shared_user_folder(user: Path, *, init: bool = False) -> None:
    """Refuse the user folder (attcli's own choice of workspace, and where ``attcli init``
    makes it) where another user could change it (:func:`not_yours_alone`): a link planted
    as ``~/.local/share/attcli`` to a folder of theirs.  The remedy: the folder given by
    name, if it is the school's, or one of the user's own made by ``attcli init``."""
    config = user / CONFIG_NAME
    if not (why := not_yours_alone(config)):
        return
    why = why.replace(f" holds {CONFIG_NAME} but", "")
    # (``init``: the run is `attcli init`, not told to make its own with the command it
    # just ran: sweep looks12)
    own = "run `attcli init` again" if init else "make your own with `attcli init`"
    mend = (
        f"remove the link and {own}"
        if user.is_symlink()
        else f"have the folder named made yours alone (chmod go-w), or move it away and {own}"
    )
    raise AttcliError(
        f"your user folder {shown(user)}{why}: attcli keeps the school's settings and history "
        f"there only where no other user can change them; {mend}, or, if it is the school's "
        "workspace, give it with --workspace"
    )


def init_folder(
    workspace: Path | None = None, *, environ: Mapping[str, str] | None = None
) -> tuple[Path, str]:
    """Where ``attcli init`` makes a workspace when not given a folder, and why:
    ``--workspace``, else ``ATTCLI_WORKSPACE``, else the per-user folder."""
    environ = os.environ if environ is None else environ
    if workspace is not None:
        return Path(workspace).expanduser(), HOW_OPTION
    env = _env_folder(environ)
    if env:
        return Path(env).expanduser(), HOW_ENV
    return user_folder(), HOW_USER


# ------------------------------------------------------------------ the command line's choice
#
# ``attcli --workspace DIR COMMAND`` is parsed once, before the command; the command (or
# a feature below it) loads the config later through :func:`attcli.config.load_config`.
# The choice and the command line's "which workspace" notice travel in context
# variables, set for one command by :func:`selected`.

_chosen: ContextVar[Path | None] = ContextVar("attcli_workspace", default=None)
_on_load: ContextVar[Callable[[Workspace, Any], None] | None] = ContextVar(
    "attcli_workspace_on_load", default=None
)


def chosen() -> Path | None:
    """The ``--workspace`` given on the command line, if any."""
    return _chosen.get()


def choose(folder: Path | None) -> None:
    _chosen.set(folder)


@contextmanager
def selected(
    on_load: Callable[[Workspace, Any], None] | None = None,
) -> Iterator[None]:
    """For one command: ``on_load(workspace, config)`` is called each time a config is
    loaded; :func:`choose` may set the ``--workspace`` folder.  Both are reset after."""
    t1, t2 = _chosen.set(None), _on_load.set(on_load)
    try:
        yield
    finally:
        _chosen.reset(t1)
        _on_load.reset(t2)


def loaded(ws: Workspace, config: Any) -> None:
    """Tell the command line which workspace a config came from (no-op in a library)."""
    hook = _on_load.get()
    if hook is not None:
        hook(ws, config)
