/**
 * Live tables (MAC table, ARP cache) as of any event. Devices write rows here;
 * each change is journaled with the seq of the event it happens before, so a
 * table can be rolled back to any event still in the trace window.
 */
import type { DeviceTable } from '../api';

export interface TableSpec {
  name: string;
  title: string;
  columns: string[];
  empty: string;
  /** Adds an "Expires in" column computed at the moment asked for. */
  expires?: boolean;
}

interface Row {
  cells: string[];
  expiresAt?: number;
}

interface Change {
  seq: number;
  table: Map<string, Row>;
  key: string;
  before: Row | undefined;
}

export class TableJournal {
  /** Each device's tables by name: two lookups, and no key string made for each row written. */
  private tables = new Map<string, Map<string, Map<string, Row>>>();
  private changes: Change[] = [];
  private firstChange = 0;

  constructor(private readonly stamp: () => number) {}

  set(device: string, table: string, key: string, cells: string[], expiresAt?: number): void {
    const rows = this.rows(device, table);
    this.journal(rows, key);
    rows.set(key, { cells, expiresAt });
  }

  /** A row that is there from the start, like a configured route: not journaled, so stepping back never removes it. */
  preset(device: string, table: string, key: string, cells: string[]): void {
    this.rows(device, table).set(key, { cells });
  }

  delete(device: string, table: string, key: string): void {
    const rows = this.rows(device, table);
    if (!rows.has(key)) return;
    this.journal(rows, key);
    rows.delete(key);
  }

  /** Forget changes older than this seq: the trace no longer holds their events. */
  forgetBefore(seq: number): void {
    while (this.firstChange < this.changes.length && this.changes[this.firstChange].seq < seq) this.firstChange++;
    if (this.firstChange > 4096 && this.firstChange * 2 > this.changes.length) {
      this.changes = this.changes.slice(this.firstChange);
      this.firstChange = 0;
    }
  }

  /** The device's tables after event `atSeq`, with expiry judged at time `atTime` (ns). */
  snapshot(device: string, specs: TableSpec[], atSeq: number, atTime: number): DeviceTable[] {
    const rolledBack = new Map<Map<string, Row>, Map<string, Row>>();
    for (let i = this.changes.length - 1; i >= this.firstChange && this.changes[i].seq > atSeq; i--) {
      const change = this.changes[i];
      let rows = rolledBack.get(change.table);
      if (!rows) rolledBack.set(change.table, (rows = new Map(change.table)));
      if (change.before) rows.set(change.key, change.before);
      else rows.delete(change.key);
    }
    return specs.map((spec) => {
      const live = this.rows(device, spec.name);
      const rows = [...(rolledBack.get(live) ?? live).values()]
        .filter((row) => row.expiresAt === undefined || row.expiresAt > atTime)
        .map((row) => (spec.expires ? [...row.cells, formatExpiry(row.expiresAt, atTime)] : row.cells));
      const columns = spec.expires ? [...spec.columns, 'Expires in'] : spec.columns;
      return { name: spec.name, title: spec.title, columns, rows, empty: spec.empty };
    });
  }

  private rows(device: string, table: string): Map<string, Row> {
    let byName = this.tables.get(device);
    if (!byName) this.tables.set(device, (byName = new Map()));
    let rows = byName.get(table);
    if (!rows) byName.set(table, (rows = new Map()));
    return rows;
  }

  private journal(table: Map<string, Row>, key: string): void {
    this.changes.push({ seq: this.stamp(), table, key, before: table.get(key) });
  }
}

function formatExpiry(expiresAt: number | undefined, now: number): string {
  if (expiresAt === undefined) return 'never';
  return `${((expiresAt - now) / 1e9).toFixed(1)} s`;
}
