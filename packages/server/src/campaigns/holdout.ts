import { createHash } from 'node:crypto';

/**
 * Whether a shopper is in a campaign's holdout: the first 4 bytes of
 * sha256(`campaignId:profileId`) below `percent` of 2^32. The same draw as
 * the SQL that plans the recipients, so it never changes between runs.
 * @example isHeldOut('cmp_1', 'c-42', 10) // => false (about 1 in 10 is true)
 */
export function isHeldOut(campaignId: string, profileId: string, percent: number): boolean {
  const n = createHash('sha256').update(`${campaignId}:${profileId}`, 'utf8').digest().readUInt32BE(0);
  return n < Math.floor((percent / 100) * 2 ** 32);
}
