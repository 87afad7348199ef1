import { describe, expect, it } from 'vitest';
import { correctTimestamp, storableSentAt } from './clock.js';

const received = new Date('2026-11-27T10:00:00Z');
/** A batch's sentAt as the caller passes it: parsed once per batch, NaN when absent. */
const sent = (iso?: string) => (iso ? Date.parse(iso) : NaN);

describe('correctTimestamp', () => {
  it('corrects a device clock reset to 1970 by its sentAt offset, without a flag', () => {
    expect(correctTimestamp(received, sent('1970-01-01T00:00:10Z'), '1970-01-01T00:00:00Z')).toEqual({ timestamp: new Date('2026-11-27T09:59:50Z'), flag: undefined });
  });

  it('replaces a year-0 timestamp by the receive time and flags it implausible', () => {
    expect(correctTimestamp(received, sent(), '0000-01-01T00:00:00Z')).toEqual({ timestamp: received, flag: 'implausible_timestamp' });
    expect(correctTimestamp(received, sent('9999-12-31T23:59:59Z'), '0000-01-01T00:00:00Z')).toEqual({ timestamp: received, flag: 'implausible_timestamp' });
  });

  it('flags a time that a year-0 sentAt pushes into the future', () => {
    expect(correctTimestamp(received, sent('0000-01-01T00:00:00Z'), '2026-11-27T10:00:00Z')).toEqual({ timestamp: received, flag: 'future_timestamp' });
  });
});

describe('storableSentAt', () => {
  it('keeps a wrong but storable sentAt and drops year 0', () => {
    expect(storableSentAt('1970-01-01T00:00:00Z')).toEqual(new Date(0));
    expect(storableSentAt('0000-01-01T00:00:00Z')).toBeNull();
    expect(storableSentAt(undefined)).toBeNull();
  });
});
