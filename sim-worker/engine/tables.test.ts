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

  it('keeps preset rows (configuration) at every event, before and after learned ones', () => {
    let seq = 1;
    const journal = new TableJournal(() => seq);
    const routes: TableSpec = { name: 'routes', title: 'Routing table', columns: ['Destination', 'Via'], empty: 'empty' };
    journal.preset('r1', 'routes', 'c', ['10.0.1.0/24', '']);
    seq = 4;
    journal.set('r1', 'routes', 'x', ['10.0.2.5/32', '10.0.1.2'], 100);
    const rowsAt = (atSeq: number) => journal.snapshot('r1', [routes], atSeq, 0)[0].rows;
    expect(rowsAt(0)).toEqual([['10.0.1.0/24', '']]);
    expect(rowsAt(4)).toEqual([['10.0.1.0/24', ''], ['10.0.2.5/32', '10.0.1.2']]);
  });
});
