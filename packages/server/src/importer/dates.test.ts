import { describe, expect, it } from 'vitest';
import { detectDateFormat, isKnownTimeZone, parseImportDate } from './dates.js';

describe('import dates', () => {
  it('reads ISO 8601 with and without seconds, a T or a space, and an offset', () => {
    expect(parseImportDate('2010-12-01 08:26:00', 'ISO')?.toISOString()).toBe('2010-12-01T08:26:00.000Z');
    expect(parseImportDate('2010-12-01T08:26', 'ISO')?.toISOString()).toBe('2010-12-01T08:26:00.000Z');
    expect(parseImportDate('2010-12-01T08:26:00+02:00', 'ISO')?.toISOString()).toBe('2010-12-01T06:26:00.000Z');
    expect(parseImportDate('2010-12-01', 'ISO')?.toISOString()).toBe('2010-12-01T00:00:00.000Z');
  });

  it('reads day-first and month-first slash dates as the file says', () => {
    expect(parseImportDate('01/12/2010 08:26', 'DMY')?.toISOString()).toBe('2010-12-01T08:26:00.000Z');
    expect(parseImportDate('12/1/2010 8:26', 'MDY')?.toISOString()).toBe('2010-12-01T08:26:00.000Z');
    expect(parseImportDate('01.12.2010', 'DMY')?.toISOString()).toBe('2010-12-01T00:00:00.000Z');
  });

  it('tells the reading of a file from its dates, and says when it cannot', () => {
    expect(detectDateFormat(['01/12/2010 08:26', '13/12/2010 09:00'])).toBe('DMY');
    expect(detectDateFormat(['12/1/2010 8:26', '12/13/2010 9:00'])).toBe('MDY');
    expect(detectDateFormat(['01/02/2010', '03/04/2010'])).toBe('ambiguous');
    expect(detectDateFormat(['13/01/2010', '01/13/2010'])).toBe('mixed');
    expect(detectDateFormat(['2010-12-01 08:26:00'])).toBe('ISO');
  });

  it('refuses dates that do not exist', () => {
    expect(parseImportDate('31/02/2010', 'DMY')).toBeUndefined();
    expect(parseImportDate('2010-13-01', 'ISO')).toBeUndefined();
    expect(parseImportDate('2010-12-01 25:00', 'ISO')).toBeUndefined();
    expect(parseImportDate('yesterday', 'DMY')).toBeUndefined();
  });

  it('reads wall-clock times in the time zone given, daylight saving included', () => {
    expect(parseImportDate('01/07/2010 08:26', 'DMY', 'Europe/London')?.toISOString()).toBe('2010-07-01T07:26:00.000Z');
    expect(parseImportDate('01/12/2010 08:26', 'DMY', 'Europe/London')?.toISOString()).toBe('2010-12-01T08:26:00.000Z');
    expect(parseImportDate('2010-07-01 08:26', 'ISO', 'America/New_York')?.toISOString()).toBe('2010-07-01T12:26:00.000Z');
    expect(isKnownTimeZone('Europe/Berlin')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
  });
});
