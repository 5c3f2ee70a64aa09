// 常用事项: the items people at this kiosk actually carry through to their paper, counted in the
// store so the order survives restarts, then the hall's own list (hall.json `frequentItems`). Never
// the catalog's file order: an item nobody used and the hall did not name is not "frequent".
import type { Db } from '../store/database.ts';

export class ItemUsage {
  private readonly sql;

  constructor(
    db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.sql = {
      bump: db.prepare<[string, string]>(
        `INSERT INTO item_usage (item_code, uses, last_used_at) VALUES (?, 1, ?)
         ON CONFLICT (item_code) DO UPDATE SET uses = uses + 1, last_used_at = excluded.last_used_at`,
      ),
      ranked: db.prepare<[], { item_code: string }>(
        'SELECT item_code FROM item_usage ORDER BY uses DESC, last_used_at DESC, item_code',
      ),
    };
  }

  /** One case of this item went through to its paper (ticket, notice or commitment). */
  record(itemCode: string): void {
    this.sql.bump.run(itemCode, this.now().toISOString());
  }

  /** Most used first (ties: most recently used), then the hall's list; only codes in `known`. */
  ranked(known: readonly string[], configured: readonly string[] = []): string[] {
    const available = new Set(known);
    const order: string[] = [];
    for (const code of [...this.sql.ranked.all().map((row) => row.item_code), ...configured]) {
      if (available.has(code) && !order.includes(code)) order.push(code);
    }
    return order;
  }
}
