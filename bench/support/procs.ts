// Process figures from /proc: resident memory of a process (the tree walk is the reliability suite's).
import { readFileSync } from 'node:fs';

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
