import { describe, expect, it } from 'vitest';
import { isStalePlan } from './prepared-statements.js';

describe('isStalePlan', () => {
  it('knows the outdated-plan error by the routine that raises it, in any language', () => {
    expect(isStalePlan({ code: '0A000', routine: 'RevalidateCachedQuery', message: 'le plan mis en cache ne doit pas modifier le type en résultat' })).toBe(true);
    expect(isStalePlan({ code: '0A000', message: 'cached plan must not change result type' })).toBe(true);
  });

  it('leaves other errors alone', () => {
    expect(isStalePlan({ code: '0A000', routine: 'transformAlterTableStmt', message: 'cannot alter type of a column used by a view' })).toBe(false);
    expect(isStalePlan({ code: '23505', routine: 'RevalidateCachedQuery' })).toBe(false);
    expect(isStalePlan(undefined)).toBe(false);
  });
});
