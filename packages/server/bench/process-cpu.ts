import { readdirSync, readFileSync } from 'node:fs';

const ticksPerSecond = 100; // USER_HZ on Linux

/** CPU ticks (user + system) used so far, per process whose command line matches. Linux only (/proc); elsewhere empty. */
export function cpuTicksOf(commandLine: RegExp): Map<number, number> {
  const out = new Map<number, number>();
  let dirs: string[];
  try {
    dirs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of dirs) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (!commandLine.test(cmd)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(pid), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return out;
}

/**
 * CPU time (ms) the matching processes used between two snapshots. Only
 * processes in both count: one that ended meanwhile (an idle pool connection
 * closed) took its ticks with it, and one that started meanwhile (a new
 * backend) is left out too, so short-lived processes are undercounted.
 * @example const t0 = cpuTicksOf(/^postgres: /); ...; cpuMsBetween(t0, cpuTicksOf(/^postgres: /))
 */
export function cpuMsBetween(before: Map<number, number>, after: Map<number, number>): number {
  let ticks = 0;
  for (const [pid, t] of after) {
    const t0 = before.get(pid);
    if (t0 !== undefined) ticks += t - t0;
  }
  return (ticks * 1000) / ticksPerSecond;
}
