import type { MerchantRole } from './merchant-users.table.js';

// What staff may do, as (method, path) pairs; anything not listed is for
// owners only, so a new admin route is closed to staff until it is added here.
// Staff read customers and the service queue (claims and the customer lookup
// beside them) and the orders; the one write they make is an order's delivery
// status, singly or from a CSV file. Exports, erasure, settings, analytics and
// every other write are the owners'.
const staffWrites: RegExp[] = [/^\/v1\/admin\/orders\/[^/]+\/status$/, /^\/v1\/admin\/orders\/status-import$/];
const staffReads: RegExp[] = [
  /^\/v1\/admin\/orders$/,
  /^\/v1\/admin\/orders\/[^/]+$/,
  /^\/v1\/admin\/customers$/,
  /^\/v1\/admin\/customers\/(?!export$|erase$)[^/]+$/,
  /^\/v1\/admin\/service\/claims$/,
  /^\/v1\/admin\/service\/claims\/[^/]+(\/photo)?$/,
  /^\/v1\/admin\/service\/customers$/,
];

/**
 * Whether a role may make this request to the admin API.
 * @example mayAccess('staff', 'GET', '/v1/admin/customers') // => true
 * @example mayAccess('staff', 'GET', '/v1/admin/customers/export') // => false
 */
export function mayAccess(role: MerchantRole, method: string, path: string): boolean {
  if (role === 'owner') return true;
  const p = path.length > 1 ? path.replace(/\/+$/, '') : path;
  if (method === 'POST') return staffWrites.some((r) => r.test(p));
  if (method !== 'GET' && method !== 'HEAD') return false;
  return staffReads.some((r) => r.test(p));
}
