import { describe, expect, it } from 'vitest';
import { mayAccess } from './role-access.js';

describe('role access', () => {
  it('lets staff read customers and the service queue', () => {
    for (const path of ['/v1/admin/customers', '/v1/admin/customers/c-00001', '/v1/admin/service/claims', '/v1/admin/service/claims/W-1', '/v1/admin/service/claims/W-1/photo', '/v1/admin/service/customers']) {
      expect(mayAccess('staff', 'GET', path)).toBe(true);
    }
  });

  it("lets staff read orders and set an order's delivery status, singly or from a file", () => {
    for (const path of ['/v1/admin/orders', '/v1/admin/orders/100234']) expect(mayAccess('staff', 'GET', path)).toBe(true);
    expect(mayAccess('staff', 'POST', '/v1/admin/orders/100234/status')).toBe(true);
    expect(mayAccess('staff', 'POST', '/v1/admin/orders/status-import')).toBe(true);
    expect(mayAccess('staff', 'DELETE', '/v1/admin/orders/100234')).toBe(false);
    expect(mayAccess('staff', 'POST', '/v1/admin/customers/erase')).toBe(false);
  });

  it('keeps exports, erasure, analytics, settings and every write to owners', () => {
    for (const [method, path] of [
      ['GET', '/v1/admin/customers/export'],
      ['POST', '/v1/admin/customers/erase'],
      ['GET', '/v1/admin/analytics/overview'],
      ['GET', '/v1/admin/privacy/retention'],
      ['GET', '/v1/admin/jobs'],
      ['PATCH', '/v1/admin/service/claims/W-1'],
      ['GET', '/v1/admin/customers/c-1/recommendations'],
    ] as const) {
      expect(mayAccess('staff', method, path)).toBe(false);
      expect(mayAccess('owner', method, path)).toBe(true);
    }
  });
});
