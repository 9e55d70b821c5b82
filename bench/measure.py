"""Wall seconds, CPU seconds and peak memory of a command and every process it starts.

``ru_maxrss`` alone is the peak of the largest single process: with worker
processes (``--jobs``, a Dask cluster) the memory that matters is that of all of
them together. So the process tree is sampled from ``/proc`` while the command
runs and the resident sizes of its members are summed; the peak is the largest
sum seen. A spike shorter than the interval can be missed, so the peak is never
reported below the largest high-water mark (``VmHWM``) read of one process, which
``ru_maxrss`` cannot give: it keeps the size of the forked copy of the measuring
process that ran before the command's program replaced it. Resident sizes
count the pages shared by forked workers once per process: the sum is an upper
bound of the physical memory used, which is the safe side for a memory target.

CPU seconds are those of the command and the descendants it reaped (``wait4``),
or the sum of the CPU the samples saw in each process if that is more (a
descendant that outlived its parent is not reaped by it).
"""

from __future__ import annotations

import contextlib
import os
import select
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
TICK = os.sysconf("SC_CLK_TCK")
MIB = 1024 * 1024


@dataclass
class Measurement:
    """One run of a command."""

    wall_s: float
    cpu_s: float
    peak_rss_mib: float  # the largest sum of the tree's resident sizes
    peak_pss_mib: float  # the same in proportional sizes (shared pages split), coarser
    processes: int  # the most processes of the tree alive in one sample
    exit_code: int
    largest: list[tuple[str, float]]  # the tree's biggest processes: name, peak MiB

    def as_dict(self) -> dict:
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(self).items()}


def _read(path: str) -> str | None:
    try:
        return Path(path).read_text()
    except OSError:  # the process has ended
        return None


def _field(text: str, name: str) -> int:
    """A ``Name: N kB`` field of a ``/proc`` file, in bytes."""
    at = text.find(name + ":")
    return int(text[at:].split(None, 2)[1]) * 1024 if at >= 0 else 0


class _Tree:
    """The descendants of one process, found by their parent ids in ``/proc``."""

    PSS_EVERY = 10  # smaps_rollup costs about a millisecond a process: every 10th sample

    def __init__(self, root: int) -> None:
        self.members = {root}
        self.others: dict[int, int] = {}  # pid -> parent id of processes not (yet) ours
        self.cpu: dict[int, float] = {}  # the latest CPU seconds read of each member
        self.high: dict[int, int] = {}  # the high-water mark (VmHWM) read of each member
        self.names: dict[int, str] = {}
        self.samples = 0

    @staticmethod
    def _stat(pid: int) -> list[str] | None:
        text = _read(f"/proc/{pid}/stat")
        # the command name in parentheses may hold spaces: split after it
        return text[text.rindex(")") + 2 :].split() if text else None

    def _adopt(self) -> None:
        """Add the processes started since the last sample whose parent is ours."""
        known = self.members | self.others.keys()
        for name in os.listdir("/proc"):
            if name.isdigit() and (pid := int(name)) not in known:
                fields = self._stat(pid)
                self.others[pid] = int(fields[1]) if fields else -1
        # a child may be listed before its parent joins: repeat until none is found
        while found := [pid for pid, parent in self.others.items() if parent in self.members]:
            for pid in found:
                del self.others[pid]
                self.members.add(pid)

    def sample(self) -> tuple[int, int, int | None]:
        """Resident bytes of the tree's live processes, their count, and their
        proportional bytes when this sample reads them (else None)."""
        self._adopt()
        self.samples += 1
        with_pss = self.samples % self.PSS_EVERY == 1
        rss = alive = pss = 0
        for pid in self.members:
            fields = self._stat(pid)
            if fields is None or fields[0] == "Z":
                continue
            alive += 1
            rss += int(fields[21]) * PAGE
            self.cpu[pid] = (int(fields[11]) + int(fields[12])) / TICK
            status = _read(f"/proc/{pid}/status") or ""
            self.high[pid] = max(self.high.get(pid, 0), _field(status, "VmHWM"))
            if pid not in self.names:
                command = (_read(f"/proc/{pid}/cmdline") or "").split("\0")
                self.names[pid] = " ".join(command[:4]).replace("\n", " ")[:80]
            if with_pss:
                pss += _field(_read(f"/proc/{pid}/smaps_rollup") or "", "Pss")
        return rss, alive, pss if with_pss else None

    def largest(self, count: int = 5) -> list[tuple[str, float]]:
        ranked = sorted(self.high.items(), key=lambda item: -item[1])[:count]
        return [(self.names.get(pid, str(pid)), round(high / MIB, 1)) for pid, high in ranked]


def run(
    command: list[str],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    stdout: Path | None = None,
    stderr: Path | None = None,
    interval: float = 0.05,
) -> Measurement:
    """Run ``command`` to its end, sampling its process tree every ``interval``
    seconds; its output goes to the files given, else nowhere."""
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(stdout.open("wb")) if stdout else subprocess.DEVNULL
        err = stack.enter_context(stderr.open("wb")) if stderr else subprocess.DEVNULL
        start = time.perf_counter()
        proc = subprocess.Popen(command, env=env, cwd=cwd, stdout=out, stderr=err)
        # a pidfd turns readable when the child ends: the wait between samples is
        # cut short then, so the wall time is not rounded up to the interval
        pidfd = os.pidfd_open(proc.pid)
        stack.callback(os.close, pidfd)
        exited = select.poll()
        exited.register(pidfd, select.POLLIN)
        tree = _Tree(proc.pid)
        peak = peak_pss = most = 0
        while True:
            # wait4 rather than Popen.wait: its rusage covers the child and the
            # descendants it reaped, with their CPU and the largest one's peak
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            rss, alive, pss = tree.sample()
            peak, peak_pss, most = max(peak, rss), max(peak_pss, pss or 0), max(most, alive)
            exited.poll(interval * 1000)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    cpu = max(usage.ru_utime + usage.ru_stime, sum(tree.cpu.values()))
    peak = max(peak, *tree.high.values(), 0)
    return Measurement(wall, cpu, peak / MIB, peak_pss / MIB, most, proc.returncode, tree.largest())
