/** Accumulates HR@k, Recall@k and NDCG@k over queries with binary relevance. */
export class RankingMetrics {
  private n = 0;
  private hits = 0;
  private recall = 0;
  private ndcg = 0;
  constructor(readonly k = 10) {}

  add(ranked: string[], relevant: Set<string>): void {
    if (relevant.size === 0) return;
    const top = ranked.slice(0, this.k);
    let found = 0;
    let dcg = 0;
    top.forEach((id, i) => {
      if (relevant.has(id)) {
        found++;
        dcg += 1 / Math.log2(i + 2);
      }
    });
    let idcg = 0;
    for (let i = 0; i < Math.min(relevant.size, this.k); i++) idcg += 1 / Math.log2(i + 2);
    this.n++;
    if (found > 0) this.hits++;
    this.recall += found / relevant.size;
    this.ndcg += dcg / idcg;
  }

  summary() {
    return { queries: this.n, hr: this.hits / this.n, recall: this.recall / this.n, ndcg: this.ndcg / this.n };
  }
}

/** Mean absolute error, in days. */
export class AbsoluteError {
  private n = 0;
  private sum = 0;
  add(predicted: number, actual: number) {
    this.n++;
    this.sum += Math.abs(predicted - actual);
  }
  summary() {
    return { pairs: this.n, mae: this.sum / this.n };
  }
}

/** The ids with the highest scores, best first, skipping `exclude`. */
export function topK(scores: Map<string, number>, k: number, exclude: Set<string> = new Set()): string[] {
  return [...scores]
    .filter(([id]) => !exclude.has(id))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, k)
    .map(([id]) => id);
}
