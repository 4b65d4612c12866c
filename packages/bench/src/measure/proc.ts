import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

// CPU time and memory of processes, from /proc (Linux): what `top` and the kernel account,
// without instrumenting the processes themselves.

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

interface ProcStat {
  ppid: number;
  /** utime + stime of the process itself, in seconds. */
  own: number;
  /** cutime + cstime: children it has waited for, in seconds. */
  reaped: number;
}

function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: fields are read after its last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const field = (index: number) => Number(fields[index]);
  return {
    ppid: field(1),
    own: (field(11) + field(12)) / ticksPerSecond,
    reaped: (field(13) + field(14)) / ticksPerSecond,
  };
}

/** CPU seconds (user + system, all threads) a process has used so far. */
export function cpuSecondsOf(pid: number): number {
  const stat = readStat(pid);
  if (!stat) {
    throw new Error(`process ${pid} is gone`);
  }
  return stat.own;
}

/**
 * CPU seconds of a process and all its children, living or exited: PostgreSQL's postmaster and
 * its backends (a backend that exits is added to the postmaster's cutime once reaped, so the
 * total only grows and a difference of two readings is the work done in between).
 */
export function treeCpuSecondsOf(rootPid: number): number {
  const root = readStat(rootPid);
  if (!root) {
    throw new Error(`process ${rootPid} is gone`);
  }
  let total = root.own + root.reaped;
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) {
      continue;
    }
    const stat = readStat(pid);
    if (stat?.ppid === rootPid) {
      total += stat.own;
    }
  }
  return total;
}

/** The parent of a process (the postmaster, given a backend's pid), if /proc shows it. */
export function parentOf(pid: number): number | undefined {
  return readStat(pid)?.ppid;
}

interface Memory {
  /** Resident set now (MiB). */
  rssMiB: number;
  /** Highest resident set since the process started (MiB). */
  peakMiB: number;
}

export function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}
