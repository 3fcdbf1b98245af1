import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Action, CaptureScope, DeviceTable, Result, TraceBatch } from '../../sim-worker/api';
import { emptyDocument, type NetworkDocument } from '../../sim-worker/document/schema';
import { createTraceStore } from '../store/trace-store';
import { CALL_TIMEOUT_MS, createSimClient, RESTART_MESSAGE, type ConnectionHandlers, type DocumentSource, type EngineConnection } from './client';

/** A stand-in for the worker: records calls and lets the test push batches or kill it. */
class FakeEngine implements EngineConnection {
  loads: NetworkDocument[] = [];
  actions: Action[] = [];
  terminated = false;
  actResult: Result<void> = { ok: true, value: undefined };
  /** What the engine streams while running an action (batches arrive before the call's reply). */
  onAct: () => void = () => {};
  constructor(readonly handlers: ConnectionHandlers) {}
  async load(doc: NetworkDocument): Promise<Result<void>> {
    this.loads.push(doc);
    return { ok: true, value: undefined };
  }
  async act(action: Action): Promise<Result<void>> {
    this.actions.push(action);
    this.onAct();
    return this.actResult;
  }
  async stop() {}
  async tables(device: string): Promise<DeviceTable[]> {
    if (device === 'boom') throw new Error('worker crashed');
    if (device === 'hang') return new Promise(() => {});
    return [{ name: 'arp', title: 'ARP cache', columns: ['IP', 'MAC'], rows: [], empty: 'No entries yet' }];
  }
  async leases(): Promise<Record<string, string>> {
    return { 'pc-a': '192.168.1.100/24' };
  }
  async capture(_scope: CaptureScope): Promise<Result<Uint8Array>> {
    return { ok: true, value: new Uint8Array(24) };
  }
  terminate() {
    this.terminated = true;
  }
  emit(seqs: number[], running = false) {
    const batch: TraceBatch = {
      events: seqs.map((seq) => ({ seq, t: seq, device: 'pc-a', type: 'send', protocol: 'ARP', summary: '', layers: [] })),
      dropped: 0,
      notices: [],
      running,
      now: 0,
    };
    this.handlers.onEvents(batch);
  }
}

function documentSource(initial: NetworkDocument) {
  let doc = initial;
  const listeners = new Set<(doc: NetworkDocument) => void>();
  const source: DocumentSource = {
    get: () => doc,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    source,
    set(next: NetworkDocument) {
      doc = next;
      for (const l of listeners) l(next);
    },
  };
}

function withDevice(doc: NetworkDocument, x: number): NetworkDocument {
  return { ...doc, devices: [{ id: 'pc-a', kind: 'computer', name: 'PC-A', position: { x, y: 0 }, interfaces: [] }] };
}

function setup() {
  const engines: FakeEngine[] = [];
  const trace = createTraceStore();
  const documents = documentSource(withDevice(emptyDocument(), 0));
  const client = createSimClient({
    connect: (handlers) => {
      const engine = new FakeEngine(handlers);
      engines.push(engine);
      return engine;
    },
    trace,
    documents: documents.source,
  });
  return { engines, trace, documents, client };
}

describe('sim client', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('loads the current network at start and streams batches into the trace', async () => {
    const { engines, trace, client } = setup();
    await vi.advanceTimersByTimeAsync(0);
    expect(engines).toHaveLength(1);
    expect(engines[0].loads).toHaveLength(1);
    engines[0].emit([1, 2]);
    engines[0].emit([3]);
    expect(trace.getState().events).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(50);
    expect(trace.getState().events.map((e) => e.seq)).toEqual([1, 2, 3]);
    client.dispose();
  });

  it('reloads after edits settle, but not when a device only moved', async () => {
    const { engines, trace, documents, client } = setup();
    await vi.advanceTimersByTimeAsync(0);
    engines[0].emit([1]);
    await vi.advanceTimersByTimeAsync(50);
    documents.set(withDevice(documents.source.get(), 300));
    await vi.advanceTimersByTimeAsync(200);
    expect(engines[0].loads).toHaveLength(1);
    expect(trace.getState().events).toHaveLength(1);

    const renamed = documents.source.get();
    documents.set({ ...renamed, devices: [{ ...renamed.devices[0], name: 'PC-1' }] });
    documents.set({ ...renamed, devices: [{ ...renamed.devices[0], name: 'PC-2' }] });
    await vi.advanceTimersByTimeAsync(100);
    expect(engines[0].loads).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(engines[0].loads.map((d) => d.devices[0].name)).toEqual(['PC-A', 'PC-2']);
    expect(trace.getState().events).toHaveLength(0);
    client.dispose();
  });

  it('restarts a dead worker with the current network and says so', async () => {
    const { engines, trace, client } = setup();
    await vi.advanceTimersByTimeAsync(0);
    engines[0].handlers.onDeath('out of memory');
    await vi.advanceTimersByTimeAsync(0);
    expect(engines[0].terminated).toBe(true);
    expect(engines).toHaveLength(2);
    expect(engines[1].loads).toHaveLength(1);
    expect(trace.getState().notices.map((n) => n.message)).toContain(RESTART_MESSAGE);
    // The old worker's late batches are ignored.
    engines[0].emit([1]);
    engines[1].emit([7]);
    await vi.advanceTimersByTimeAsync(50);
    expect(trace.getState().events.map((e) => e.seq)).toEqual([7]);
    client.dispose();
  });

  it('turns a rejected call into an error value and a restart', async () => {
    const { engines, client } = setup();
    const result = await client.tables('boom', 0);
    expect(result.ok).toBe(false);
    expect(engines).toHaveLength(2);
    const ok = await client.tables('pc-a', 0);
    expect(ok.ok && ok.value[0].title).toBe('ARP cache');
    client.dispose();
  });

  it('treats a worker that stops answering as dead', async () => {
    const { engines, trace, client } = setup();
    await vi.advanceTimersByTimeAsync(0);
    const answer = client.tables('hang', 0);
    await vi.advanceTimersByTimeAsync(CALL_TIMEOUT_MS);
    expect((await answer).ok).toBe(false);
    expect(engines[0].terminated).toBe(true);
    expect(engines).toHaveLength(2);
    expect(trace.getState().notices.map((n) => n.kind)).toContain('restart');
    client.dispose();
  });

  it('sends an edit still waiting for its debounce before an action, then jumps to the action', async () => {
    const { engines, trace, documents, client } = setup();
    await vi.advanceTimersByTimeAsync(0);
    const doc = documents.source.get();
    documents.set({ ...doc, devices: [{ ...doc.devices[0], name: 'PC-9' }] });
    engines[0].onAct = () => engines[0].emit([1, 2], true);
    const acting = client.act({ kind: 'ping', device: 'pc-a', target: '10.0.0.2' });
    await vi.advanceTimersByTimeAsync(0);
    expect(engines[0].loads.map((d) => d.devices[0].name)).toEqual(['PC-A', 'PC-9']);
    expect(engines[0].actions).toHaveLength(1);
    await expect(acting).resolves.toEqual({ ok: true, value: undefined });
    expect(trace.getState()).toMatchObject({ cursor: 1, playing: true, running: true });
    client.dispose();
  });

  it('reports an action the engine refused', async () => {
    const { engines, trace, client } = setup();
    await vi.advanceTimersByTimeAsync(0);
    engines[0].actResult = { ok: false, error: 'PC-A has no address' };
    await expect(client.act({ kind: 'ping', device: 'pc-a', target: '10.0.0.2' })).resolves.toEqual({ ok: false, error: 'PC-A has no address' });
    expect(trace.getState().running).toBe(false);
    client.dispose();
  });

  it('gives up after repeated deaths instead of restarting forever', async () => {
    const { engines, trace, client } = setup();
    for (let i = 0; i < 5; i++) {
      engines[engines.length - 1].handlers.onDeath('crash');
      await vi.advanceTimersByTimeAsync(0);
    }
    expect(engines).toHaveLength(4);
    expect(trace.getState().notices.some((n) => n.message.includes('keeps stopping'))).toBe(true);
    const result = await client.capture({ kind: 'all' });
    expect(result.ok).toBe(false);
    client.dispose();
  });
});
