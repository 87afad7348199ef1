import type { LogLevel } from './config.js';

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** Whether messages of this level are written (to skip building costly fields). */
  enabled(level: Exclude<LogLevel, 'silent'>): boolean;
}

/**
 * A structured logger: one JSON object a line on stdout, so that any log
 * shipper can read it without a parser of ours.
 * @example createLogger('info').info('listening', { port: 8787 })
 * // {"level":"info","time":"2026-11-27T10:00:00.000Z","msg":"listening","port":8787}
 */
export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  const min = rank[level];
  const log = (lvl: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: Record<string, unknown>) => {
    if (rank[lvl] < min) return;
    const err = fields?.err instanceof Error ? { err: { message: fields.err.message, stack: fields.err.stack } } : {};
    write(JSON.stringify({ level: lvl, time: new Date().toISOString(), msg, ...fields, ...err }) + '\n');
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), enabled: (lvl) => rank[lvl] >= min };
}
