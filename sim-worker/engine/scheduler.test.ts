import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler';

describe('Scheduler', () => {
  it('runs tasks in time order, ties in scheduling order', () => {
    const scheduler = new Scheduler();
    const ran: string[] = [];
    scheduler.at(30, () => ran.push('c'));
    scheduler.at(10, () => ran.push('a1'));
    scheduler.at(20, () => ran.push('b'));
    scheduler.at(10, () => ran.push('a2'));
    while (scheduler.runNext());
    expect(ran).toEqual(['a1', 'a2', 'b', 'c']);
    expect(scheduler.now).toBe(30);
  });

  it('counts only foreground tasks as busy, and runs background ones in their turn', () => {
    const scheduler = new Scheduler();
    const ran: string[] = [];
    scheduler.at(50, () => ran.push('renew'), true);
    scheduler.at(10, () => ran.push('frame'));
    expect(scheduler.busy).toBe(true);
    scheduler.runNext();
    expect(scheduler.busy).toBe(false);
    expect(scheduler.pending).toBe(1);
    scheduler.runNext();
    expect(ran).toEqual(['frame', 'renew']);
  });

  it('lets tasks schedule more tasks relative to now', () => {
    const scheduler = new Scheduler();
    const times: number[] = [];
    const tick = () => {
      times.push(scheduler.now);
      if (times.length < 4) scheduler.after(1_000, tick);
    };
    scheduler.at(500, tick);
    while (scheduler.runNext());
    expect(times).toEqual([500, 1_500, 2_500, 3_500]);
  });

  it('orders many random tasks like a stable sort', () => {
    const scheduler = new Scheduler();
    const expected: [number, number][] = [];
    const ran: number[] = [];
    let x = 12345;
    for (let i = 0; i < 2_000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const time = x % 500;
      expected.push([time, i]);
      scheduler.at(time, () => ran.push(i));
    }
    while (scheduler.runNext());
    expected.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(ran).toEqual(expected.map(([, i]) => i));
  });

  it('calls off a cancellable task: it never runs and no longer keeps the scheduler busy', () => {
    const scheduler = new Scheduler();
    const ran: string[] = [];
    const cancel = scheduler.cancellableAt(4_000, () => ran.push('retry'));
    const late = scheduler.cancellableAt(10, () => ran.push('answer'));
    expect(scheduler.busy).toBe(true);
    scheduler.runNext();
    late();
    expect(scheduler.busy).toBe(true);
    cancel();
    cancel();
    expect(scheduler.busy).toBe(false);
    while (scheduler.runNext());
    expect(ran).toEqual(['answer']);
    expect(scheduler.busy).toBe(false);
    scheduler.at(5_000, () => ran.push('next'));
    expect(scheduler.busy).toBe(true);
  });

  it('runs a task scheduled later with a reserved order exactly where it would have run, and not once that place has passed', () => {
    const scheduler = new Scheduler();
    const ran: string[] = [];
    scheduler.at(10, () => ran.push('a'));
    const order = scheduler.reserveOrder();
    scheduler.at(10, () => ran.push('c'));
    scheduler.at(5, () => {
      ran.push('first');
      expect(scheduler.isAhead(10, order)).toBe(true);
      scheduler.atReserved(10, order, () => ran.push('b'));
    });
    while (scheduler.runNext());
    expect(ran).toEqual(['first', 'a', 'b', 'c']);
    expect(scheduler.busy).toBe(false);
    expect(scheduler.isAhead(10, order)).toBe(false);
    expect(() => scheduler.atReserved(10, order, () => undefined)).toThrow(/already passed/);
  });

  it('runs tasks in turn up to a count, a time, or until only background tasks are left', () => {
    const scheduler = new Scheduler();
    const ran: string[] = [];
    for (const t of [10, 20, 30]) scheduler.at(t, () => ran.push(`fg${t}`));
    scheduler.at(40, () => ran.push('bg40'), true);
    expect(scheduler.runTasks(2, Infinity, false)).toBe(2);
    expect(scheduler.runTasks(10, 25, true)).toBe(0);
    expect(scheduler.runTasks(10, Infinity, false)).toBe(1);
    expect(ran).toEqual(['fg10', 'fg20', 'fg30']);
    expect(scheduler.runTasks(10, 40, true)).toBe(1);
    expect(ran.at(-1)).toBe('bg40');
  });

  it('refuses to schedule in the past or at fractional times', () => {
    const scheduler = new Scheduler();
    scheduler.at(100, () => undefined);
    scheduler.runNext();
    expect(() => scheduler.at(50, () => undefined)).toThrow(/cannot schedule/);
    expect(() => scheduler.after(0.5, () => undefined)).toThrow(/cannot schedule/);
  });
});
