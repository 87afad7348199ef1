import { readdirSync, readFileSync } from 'node:fs';

const ticksPerSecond = 100; // USER_HZ on Linux

/**
 * CPU time (ms, user + system) used so far by the processes whose command
 * line matches: e.g. every Postgres backend, or the server and its workers.
 * Linux only (/proc); elsewhere NaN. Ending processes drop out of the sum, so
 * compare snapshots of long-lived processes only.
 * @example const t0 = cpuMsOf(/^postgres/); ...; const used = cpuMsOf(/^postgres/) - t0;
 */
export function cpuMsOf(commandLine: RegExp): number {
  let ticks = 0;
  let dirs: string[];
  try {
    dirs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return NaN;
  }
  for (const pid of dirs) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (!commandLine.test(cmd)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return (ticks * 1000) / ticksPerSecond;
}
