// Process figures from /proc: resident memory of a process (the tree walk is the reliability suite's).
import { readdirSync, readFileSync } from 'node:fs';

export { cmdline, descendants } from '../../tests/reliability/support/procs.ts';

export function rssBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Proportional set size: resident memory with each shared page divided among the processes that share it. */
export function pssBytes(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

export const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * CPU seconds used so far by every process whose name starts with `name` (e.g. `postgres`, `redis-server`), their
 * reaped children included (a PostgreSQL backend that ended counts in the postmaster's). Only processes this user
 * may read; on another host the figure is 0.
 */
export function cpuSecondsOf(name: string): number {
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (!readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith(name)) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      // utime, stime, cutime, cstime: fields 14 to 17 of stat(5), counted from after the name.
      total += fields.slice(11, 15).reduce((sum, f) => sum + Number(f), 0) / tick;
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return total;
}
