import pg from 'pg';

/**
 * What load-test clients sent and what the server acknowledged, by shop and
 * message id, checked against Postgres at the end: an acknowledged event
 * missing, an event stored twice, or one never acknowledged after the
 * clients drained is a broken promise.
 */
export class Ledger {
  private sent = new Map<string, Set<string>>();
  private acked = new Map<string, Set<string>>();

  recordSent(shopId: string, ids: string[]) {
    const set = this.sent.get(shopId) ?? this.sent.set(shopId, new Set()).get(shopId)!;
    for (const id of ids) set.add(id);
  }

  recordAcked(shopId: string, ids: string[]) {
    const set = this.acked.get(shopId) ?? this.acked.set(shopId, new Set()).get(shopId)!;
    for (const id of ids) set.add(id);
  }

  get sentCount() {
    return [...this.sent.values()].reduce((n, s) => n + s.size, 0);
  }

  get ackedCount() {
    return [...this.acked.values()].reduce((n, s) => n + s.size, 0);
  }

  /** Compares with what Postgres holds: `query` runs in the server's schema. */
  async check(query: <T extends pg.QueryResultRow>(sql: string, params?: unknown[]) => Promise<T[]>) {
    let ackedMissing = 0;
    let duplicates = 0;
    let neverAcked = 0;
    for (const [shopId, sent] of this.sent) {
      const rows = await query<{ message_id: string; n: number }>(`select message_id, count(*)::int as n from events where shop_id = $1 group by message_id`, [shopId]);
      const stored = new Map(rows.map((r) => [r.message_id, r.n]));
      for (const r of rows) if (r.n > 1) duplicates += r.n - 1;
      const acked = this.acked.get(shopId) ?? new Set();
      for (const id of acked) if (!stored.has(id)) ackedMissing++;
      for (const id of sent) if (!acked.has(id)) neverAcked++;
    }
    return { sent: this.sentCount, acked: this.ackedCount, ackedMissing, duplicates, neverAcked };
  }
}
