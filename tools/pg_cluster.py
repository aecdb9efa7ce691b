"""A throwaway PostgreSQL cluster for tests and for trying the team store by hand.

As a module::

    cluster = pg_cluster.start()          # or start(base_dir)
    cluster.admin_dsn                     # the superuser ("postgres"), trusted on the socket
    cluster.dsn("alice", "commdraft", password="...")
    cluster.restart(mode="immediate")
    cluster.stop()                        # and cluster.remove() to delete its folder

As a script::

    python tools/pg_cluster.py start DIR      # prints the admin DSN
    python tools/pg_cluster.py stop DIR

The cluster listens on a unix socket in its own folder only (``listen_addresses=''``), with
``fsync=off`` (a test cluster: fast, not crash-safe). ``pg_hba.conf`` trusts the superuser
(``postgres``) and asks everyone else for a password (``scram-sha-256``), so that a person's
role is really the one they log in as; ``auth="trust"`` trusts everyone.

The superuser is not named ``commdraft_admin``: that is the store's group of administrators,
and a member of a superuser role could ``SET ROLE`` to it and become superuser.

``initdb`` refuses to run as root: as root (CI) the cluster's programs run as ``postgres``
through ``runuser`` and the folder (made with ``mkdtemp`` in /tmp, reachable by postgres) is
given to postgres. initdb and pg_ctl are looked for on PATH, then in
/usr/lib/postgresql/*/bin (newest first), /usr/local/pgsql/bin and /opt/homebrew/bin.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

SUPERUSER = "postgres"
PORT = 5432  # only names the socket file: the folder is the cluster's own
_INFO = "cluster.json"


class ClusterError(RuntimeError):
    """A cluster could not be made, started or stopped (the message has the server's log)."""


def find_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent

    def version(path: str) -> float:
        try:
            return float(Path(path).parent.name)
        except ValueError:
            return 0.0

    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)
    candidates += ["/usr/local/pgsql/bin", "/opt/homebrew/bin", "/usr/local/bin"]
    for folder in candidates:
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


@dataclass
class Cluster:
    base: str
    bindir: str
    run_as: str | None  # "postgres" when started by root
    port: int = PORT
    listen: str = ""  # TCP addresses listened on besides the socket ("": none)

    @property
    def data(self) -> Path:
        return Path(self.base) / "data"

    @property
    def socket_dir(self) -> str:
        return self.base

    @property
    def log(self) -> Path:
        return Path(self.base) / "log"

    def dsn(self, user: str, dbname: str = "postgres", password: str | None = None) -> str:
        dsn = f"host={self.socket_dir} port={self.port} user={user} dbname={dbname}"
        return dsn + (f" password={password}" if password is not None else "")

    @property
    def admin_dsn(self) -> str:
        return self.dsn(SUPERUSER)

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(Path(self.bindir) / args[0]), *args[1:]]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if check and done.returncode != 0:
            raise ClusterError(
                f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}"
                f"{self._log_tail()}"
            )
        return done

    def _log_tail(self) -> str:
        try:
            lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        return "\nserver log:\n" + "\n".join(lines[-15:]) if lines else ""

    def _pg_ctl(self, action: str, *extra: str) -> None:
        options = f"-k {self.socket_dir} -p {self.port} -c listen_addresses='{self.listen}'"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log),
                  "-w", "-t", "30", action, *extra)

    def start(self) -> None:
        self._pg_ctl("start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``mode``: smart, fast or immediate); nothing when it is not running."""
        if not self.running():
            return
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")

    def restart(self, mode: str = "fast") -> None:
        """Stop (``fast`` or ``immediate``: connections are cut) and start again."""
        self.stop(mode)
        self.start()

    def running(self) -> bool:
        """Whether the server runs (its postmaster.pid names a live process): no subprocess,
        so a fixture may ask before every test."""
        try:
            pid = int((self.data / "postmaster.pid").read_text(encoding="utf-8").split()[0])
            os.kill(pid, 0)
        except (OSError, ValueError, IndexError):
            return False
        return True

    def remove(self) -> None:
        """Stop the server and delete its folder."""
        self.stop("immediate")
        shutil.rmtree(self.base, ignore_errors=True)

    def save(self) -> None:
        (Path(self.base) / _INFO).write_text(json.dumps(asdict(self)), encoding="utf-8")


def _give_to(path: Path, user: str) -> None:
    shutil.chown(path, user=user, group=None)


def start(base_dir: str | Path | None = None, *, auth: str = "scram-sha-256",
          max_connections: int = 200, port: int = PORT, listen: str = "",
          hba_first: str = "", conf: str = "") -> Cluster:
    """Make and start a cluster in ``base_dir`` (created; default: a new folder in /tmp).

    ``auth``: how roles other than the superuser log in on the socket (``scram-sha-256``, a
    password, or ``trust``). Raises ClusterError when PostgreSQL is not installed or fails.
    ``listen``, ``port``, ``hba_first`` (pg_hba lines before the socket's) and ``conf``
    (postgresql.conf lines): for a cluster reached over TCP, e.g. with TLS (tests/postgres).
    """
    bindir = find_bindir()
    if bindir is None:
        raise ClusterError("no PostgreSQL found (initdb and pg_ctl, on PATH or in "
                           "/usr/lib/postgresql/*/bin): install the postgresql package")
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if base_dir is None:
        base = Path(tempfile.mkdtemp(prefix="commdraft-pg-", dir="/tmp" if as_root else None))
    else:
        base = Path(base_dir).resolve()
        base.mkdir(parents=True, exist_ok=True)
        if (base / "data").exists():
            raise ClusterError(f"{base} holds a cluster already: stop it, or choose another folder")
    run_as = SUPERUSER if as_root else None
    if run_as:
        _give_to(base, run_as)
    cluster = Cluster(str(base), str(bindir), run_as, port, listen)
    initdb = ("initdb", "-D", str(cluster.data), "-A", "trust", "-U", SUPERUSER, "--no-sync",
              "-E", "UTF8")
    # C.UTF-8 where there is one: pg_trgm then sees letters of every script as letters.
    if cluster._run(*initdb, "--locale=C.UTF-8", check=False).returncode != 0:
        shutil.rmtree(cluster.data, ignore_errors=True)
        cluster._run(*initdb, "--no-locale")
    (cluster.data / "pg_hba.conf").write_text(
        f"{hba_first}local all {SUPERUSER} trust\nlocal all all {auth}\n", encoding="utf-8"
    )
    with open(cluster.data / "postgresql.conf", "a", encoding="utf-8") as handle:
        handle.write(
            # fsync off: a commit is in the OS's cache, not on the disk: it survives the
            # server being killed (pg_ctl -m immediate), not the machine. synchronous_commit
            # stays on, or an acknowledged commit could die with the server.
            "\nfsync = off\nfull_page_writes = off\n"
            f"max_connections = {max_connections}\nlisten_addresses = ''\n"
            "password_encryption = 'scram-sha-256'\n" + conf
        )
    if run_as:
        for name in ("pg_hba.conf", "postgresql.conf"):
            _give_to(cluster.data / name, run_as)
    cluster.start()
    cluster.save()
    return cluster


def load(base_dir: str | Path) -> Cluster:
    """The cluster started earlier in ``base_dir`` (by :func:`start` or the script)."""
    path = Path(base_dir).resolve() / _INFO
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ClusterError(f"no cluster in {base_dir} ({exc})") from None
    return Cluster(**info)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["start", "stop", "restart", "remove"])
    parser.add_argument("folder")
    parser.add_argument("--auth", default="scram-sha-256", choices=["scram-sha-256", "trust"])
    args = parser.parse_args(argv)
    try:
        if args.action == "start":
            print(start(args.folder, auth=args.auth).admin_dsn)
        elif args.action == "stop":
            load(args.folder).stop()
        elif args.action == "restart":
            load(args.folder).restart()
        else:
            load(args.folder).remove()
    except ClusterError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
