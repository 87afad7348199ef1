/**
 * Polls `check` every 50 ms until it holds, or fails after `ms`: for effects
 * another part produces on its own schedule (a mail sender, an outbox).
 * @example await waitUntil(async () => (await listMessages()).length > 0)
 */
export async function waitUntil(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
