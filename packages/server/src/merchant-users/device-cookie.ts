import { createHmac } from 'node:crypto';
import { safeEqual } from '../shops/index.js';

/** The cookie a browser gets when it signs in: it marks the browser as one the user has used (see login-limits.ts). */
export const DEVICE_COOKIE = 'vitrina_device';

/**
 * The device mark of a user, signed with the shop's secret.
 * @example signDevice('secret', 'demo', 'u_1') // => 'demo.u_1.Qk3...'
 */
export function signDevice(secret: string, shopId: string, userId: string): string {
  const mac = createHmac('sha256', secret).update(`device\u0000${shopId}\u0000${userId}`).digest('base64url');
  return `${shopId}.${userId}.${mac}`;
}

/** Whether a device cookie's value is this user's, signed with this secret. */
export function isDeviceOf(value: string | undefined, secret: string, shopId: string, userId: string): boolean {
  return value !== undefined && safeEqual(value, signDevice(secret, shopId, userId));
}
