import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to port 8787 on the embedded database in ./.vitrina', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8787, databaseUrl: undefined, dataDir: resolve(process.cwd(), '.vitrina'), demo: true, logLevel: 'info' });
  });

  it('reads which proxies to trust: none by default, a hop count, or addresses and subnets; anything else named', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ VITRINA_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ VITRINA_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
    expect(() => loadConfig({ VITRINA_TRUST_PROXY: 'everyone' })).toThrow(/VITRINA_TRUST_PROXY="everyone": must be the number of proxies/);
  });

  it('takes a relative data folder from where the command was started (INIT_CWD), and an absolute one as it is', () => {
    expect(loadConfig({ INIT_CWD: '/srv/shop', VITRINA_DATA_DIR: './data' }).dataDir).toBe('/srv/shop/data');
    expect(loadConfig({ INIT_CWD: '/srv/shop', VITRINA_DATA_DIR: '/var/lib/vitrina' }).dataDir).toBe('/var/lib/vitrina');
    expect(loadConfig({ VITRINA_DATA_DIR: 'memory://' }).dataDir).toBe('memory://');
  });

  it('names the variable, its value and what it must be when a value is bad', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    } catch (err) {
      expect((err as Error).message).toContain('PORT="eighty"');
      expect((err as Error).message).toContain('DATABASE_URL="mysql://x": must be a postgres:// or postgresql:// URL');
    }
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', LOG_LEVEL: '' })).toMatchObject({ databaseUrl: undefined, logLevel: 'info' });
  });

  it('runs one process unless told, and more only where every process can reach the same data', () => {
    expect(loadConfig({}).workers).toBe(1);
    expect(loadConfig({ VITRINA_WORKERS: '2', DATABASE_URL: 'postgres://h/db', VITRINA_DEMO: '0', VITRINA_SECRET_KEY: Buffer.alloc(32).toString('base64') }).workers).toBe(2);
    expect(() => loadConfig({ VITRINA_WORKERS: '2' })).toThrow(/VITRINA_WORKERS="2": more than one process needs DATABASE_URL/);
    expect(() => loadConfig({ VITRINA_WORKERS: '2', DATABASE_URL: 'postgres://h/db' })).toThrow(/needs SMTP_URL or VITRINA_DEMO=0/);
    expect(() => loadConfig({ VITRINA_WORKERS: '0' })).toThrow(/VITRINA_WORKERS="0": must be at least 1/);
  });
});
