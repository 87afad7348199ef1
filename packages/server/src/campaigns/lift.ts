import type { GroupOutcome } from './campaign-report.repository.js';

export interface Estimate {
  treated: number;
  holdout: number;
  /** treated − holdout, with its 95% confidence interval. */
  difference: number;
  low: number;
  high: number;
}

export interface Lift {
  conversion: Estimate;
  revenuePerRecipient: Estimate;
}

const Z95 = 1.959964;

/**
 * The campaign's lift against its holdout: the difference in conversion rate
 * (two proportions, normal approximation with unpooled variances) and in
 * revenue per recipient (Welch's, from each group's sum and sum of squares),
 * each with a 95% confidence interval. Undefined while a group is empty.
 * @example estimateLift({ recipients: 900, converted: 180, ... }, { recipients: 100, converted: 10, ... })
 * // => { conversion: { treated: 0.2, holdout: 0.1, difference: 0.1, low: 0.036, high: 0.164 }, revenuePerRecipient: { … } }
 */
export function estimateLift(treated: GroupOutcome, holdout: GroupOutcome): Lift | undefined {
  if (treated.recipients < 2 || holdout.recipients < 2) return undefined;
  const p1 = treated.converted / treated.recipients;
  const p0 = holdout.converted / holdout.recipients;
  const seP = Math.sqrt((p1 * (1 - p1)) / treated.recipients + (p0 * (1 - p0)) / holdout.recipients);
  const mean = (g: GroupOutcome) => g.revenue / g.recipients;
  const variance = (g: GroupOutcome) => Math.max(0, (g.revenueSquares - g.revenue ** 2 / g.recipients) / (g.recipients - 1));
  const seR = Math.sqrt(variance(treated) / treated.recipients + variance(holdout) / holdout.recipients);
  const estimate = (a: number, b: number, se: number): Estimate => ({ treated: a, holdout: b, difference: a - b, low: a - b - Z95 * se, high: a - b + Z95 * se });
  return { conversion: estimate(p1, p0, seP), revenuePerRecipient: estimate(mean(treated), mean(holdout), seR) };
}
