import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TraceBatch, TraceEvent } from '../../sim-worker/api';
import { createTraceStore, msPerEvent, selectCursorEvent } from './trace-store';

function event(seq: number, protocol = 'ARP'): TraceEvent {
  return { seq, t: seq * 1000, device: 'pc-a', type: 'send', protocol, summary: `event ${seq}`, layers: [] };
}

function batch(seqs: number[], extra: Partial<TraceBatch> = {}): TraceBatch {
  return { events: seqs.map((s) => event(s)), dropped: 0, notices: [], running: false, now: 0, ...extra };
}

describe('trace store', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('appends batches in seq order and ignores repeats', () => {
    const store = createTraceStore();
    store.getState().appendBatch(batch([1, 2, 3], { running: true, now: 3000 }));
    store.getState().appendBatch(batch([3, 4]));
    const state = store.getState();
    expect(state.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(state.running).toBe(false);
    expect(state.cursor).toBeNull();
  });

  it('keeps a bounded window, counts what it dropped and says so once', () => {
    const store = createTraceStore({ window: 3 });
    store.getState().appendBatch(batch([1, 2]));
    store.getState().select(1);
    store.getState().appendBatch(batch([3, 4, 5]));
    const state = store.getState();
    expect(state.events.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(state.dropped).toBe(2);
    // The selected event was trimmed: the cursor holds on to the oldest kept.
    expect(state.cursor).toBe(3);
    store.getState().appendBatch(batch([6]));
    const trimmed = store.getState().notices.filter((n) => n.kind === 'trace-trimmed');
    expect(trimmed).toHaveLength(1);
    expect(trimmed[0].message).toContain('3 older events were dropped');
  });

  it('steps forward and back, and stays put at either end', () => {
    const store = createTraceStore();
    store.getState().appendBatch(batch([10, 11, 12]));
    const { stepForward, stepBack } = store.getState();
    stepForward();
    expect(store.getState().cursor).toBe(10);
    stepForward();
    stepForward();
    stepForward();
    expect(store.getState().cursor).toBe(12);
    stepBack();
    expect(selectCursorEvent(store.getState())?.seq).toBe(11);
    stepBack();
    stepBack();
    expect(store.getState().cursor).toBe(10);
  });

  it('steps only through events of the filtered protocol', () => {
    const store = createTraceStore();
    store.getState().appendBatch({ ...batch([]), events: [event(1, 'ICMP'), event(2, 'ICMP'), event(3, 'ARP'), event(4, 'ICMP')] });
    expect(store.getState().protocols).toEqual(['ARP', 'ICMP']);
    store.getState().setFilter('ICMP');
    store.getState().select(2);
    store.getState().stepForward();
    expect(store.getState().cursor).toBe(4);
    store.getState().stepBack();
    expect(store.getState().cursor).toBe(2);
    store.getState().setFilter('ARP');
    store.getState().stepForward();
    expect(store.getState().cursor).toBe(3);
  });

  it('plays one event per tick at the chosen speed and pauses at the end', () => {
    const store = createTraceStore();
    store.getState().appendBatch(batch([1, 2, 3]));
    store.getState().setSpeed('slow-motion');
    store.getState().play();
    expect(store.getState().cursor).toBe(1);
    vi.advanceTimersByTime(msPerEvent('slow-motion') - 1);
    expect(store.getState().cursor).toBe(1);
    vi.advanceTimersByTime(1);
    expect(store.getState().cursor).toBe(2);
    store.getState().setSpeed('fast');
    vi.advanceTimersByTime(msPerEvent('fast'));
    expect(store.getState().cursor).toBe(3);
    vi.advanceTimersByTime(msPerEvent('fast'));
    expect(store.getState().playing).toBe(false);
  });

  it('keeps playing at the end while the engine is still running', () => {
    const store = createTraceStore();
    store.getState().appendBatch(batch([1], { running: true }));
    store.getState().play();
    vi.advanceTimersByTime(5 * msPerEvent('normal'));
    expect(store.getState().playing).toBe(true);
    store.getState().appendBatch(batch([2], { running: false }));
    vi.advanceTimersByTime(msPerEvent('normal'));
    expect(store.getState().cursor).toBe(2);
    vi.advanceTimersByTime(msPerEvent('normal'));
    expect(store.getState().playing).toBe(false);
  });

  it('pauses, and play after the end starts again from the first event', () => {
    const store = createTraceStore();
    store.getState().appendBatch(batch([1, 2]));
    store.getState().select(2);
    store.getState().togglePlay();
    expect(store.getState()).toMatchObject({ playing: true, cursor: 1 });
    store.getState().togglePlay();
    vi.advanceTimersByTime(10 * msPerEvent('normal'));
    expect(store.getState()).toMatchObject({ playing: false, cursor: 1 });
  });

  it('resetPlayback goes back to the first event, paused', () => {
    const store = createTraceStore();
    store.getState().appendBatch(batch([5, 6, 7]));
    store.getState().select(7);
    store.getState().play();
    store.getState().resetPlayback();
    expect(store.getState()).toMatchObject({ playing: false, cursor: 5 });
  });

  it('jumps to the first event of a new action and plays it', () => {
    const store = createTraceStore();
    store.getState().appendBatch(batch([1, 2, 3]));
    store.getState().select(1);
    store.getState().actionStarted();
    expect(store.getState().running).toBe(true);
    store.getState().appendBatch(batch([4, 5], { running: true }));
    expect(store.getState()).toMatchObject({ cursor: 4, playing: true });
    vi.advanceTimersByTime(msPerEvent('normal'));
    expect(store.getState().cursor).toBe(5);
    // A later batch of the same action does not jump back.
    store.getState().appendBatch(batch([6], { running: false }));
    expect(store.getState().cursor).toBe(5);
  });

  it('ignores selecting an event it does not hold', () => {
    const store = createTraceStore();
    store.getState().appendBatch(batch([1]));
    store.getState().select(99);
    expect(store.getState().cursor).toBeNull();
  });

  it('reset clears the trace, stops playback and bumps the generation', () => {
    const store = createTraceStore();
    store.getState().appendBatch(batch([1, 2], { running: true, notices: [{ kind: 'loop', message: 'A loop' }] }));
    store.getState().play();
    store.getState().addNotice({ kind: 'restart', message: 'restarted' });
    store.getState().reset();
    const state = store.getState();
    expect(state).toMatchObject({ events: [], cursor: null, playing: false, running: false, generation: 1 });
    // The loop belonged to the old network; the restart notice is still news.
    expect(state.notices.map((n) => n.kind)).toEqual(['restart']);
    vi.advanceTimersByTime(10_000);
    expect(store.getState().cursor).toBeNull();
  });

  it('keeps one notice per engine kind, updated in place, and honours dismissal', () => {
    const store = createTraceStore();
    store.getState().appendBatch(batch([1], { notices: [{ kind: 'loop', message: 'first' }] }));
    const id = store.getState().notices[0].id;
    store.getState().appendBatch(batch([2], { notices: [{ kind: 'loop', message: 'second' }] }));
    expect(store.getState().notices).toEqual([{ id, kind: 'loop', message: 'second' }]);
    store.getState().dismissNotice(id);
    store.getState().appendBatch(batch([3], { notices: [{ kind: 'loop', message: 'third' }] }));
    expect(store.getState().notices).toEqual([]);
  });
});
