import { describe, expect, it } from 'vitest';
import { TableJournal, type TableSpec } from './tables';

const spec: TableSpec = { name: 'mac', title: 'MAC table', columns: ['MAC', 'Port'], empty: 'empty', expires: true };

describe('TableJournal', () => {
  it('shows a table as it was after any earlier event', () => {
    let seq = 1;
    const journal = new TableJournal(() => seq);
    journal.set('sw', 'mac', 'a', ['a', 'p1'], 300e9);
    seq = 5;
    journal.set('sw', 'mac', 'b', ['b', 'p2'], 300e9);
    seq = 9;
    journal.set('sw', 'mac', 'a', ['a', 'p3'], 400e9);
    journal.delete('sw', 'mac', 'b');

    const rowsAt = (atSeq: number) => journal.snapshot('sw', [spec], atSeq, 0)[0].rows;
    expect(rowsAt(0)).toEqual([]);
    expect(rowsAt(1)).toEqual([['a', 'p1', '300.0 s']]);
    expect(rowsAt(5)).toEqual([['a', 'p1', '300.0 s'], ['b', 'p2', '300.0 s']]);
    expect(rowsAt(9)).toEqual([['a', 'p3', '400.0 s']]);
  });

  it('hides rows that have expired by the time asked about', () => {
    const journal = new TableJournal(() => 1);
    journal.set('pc', 'mac', 'a', ['a', 'p1'], 10);
    expect(journal.snapshot('pc', [spec], 1, 9)[0].rows).toHaveLength(1);
    expect(journal.snapshot('pc', [spec], 1, 10)[0].rows).toHaveLength(0);
  });
});
