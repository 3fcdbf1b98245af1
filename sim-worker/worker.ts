/**
 * The engine's Web Worker: the only file that knows it runs in a Worker.
 * It runs the simulation in slices so it can hear `stop`, and streams the
 * events in batches (engine/trace-stream.ts) with all frame bytes packed in
 * one transferred buffer.
 */
import * as Comlink from 'comlink';
import type { Action, CaptureScope, Result, SimApi, TraceBatch, TraceEvent } from './api';
import { validateDocument } from './document/validate';
import type { NetworkDocument } from './document/schema';
import { Simulation } from './engine/simulation';
import { BatchPacing, SLICE_TASKS, TraceStream } from './engine/trace-stream';
import { checkStep } from './lessons/checks';
import type { Lesson } from './lessons/schema';

/** A run that is still busy after this many tasks is a storm: stop it and say so. */
const MAX_TASKS_PER_RUN = 400_000;

let simulation: Simulation | undefined;
let stream: TraceStream | undefined;
let listener: ((batch: TraceBatch) => void) | undefined;
let running = false;
let runId = 0;

function flush(stillRunning: boolean, extraNotices: TraceBatch['notices'] = []): void {
  if (!simulation || !stream || !listener) return;
  const packed = packFrames(stream.take());
  const batch: TraceBatch = {
    events: packed.events,
    dropped: stream.skipped,
    notices: [...simulation.takeNotices(), ...extraNotices],
    running: stillRunning,
    now: simulation.now,
  };
  listener(Comlink.transfer(batch, [packed.buffer]));
}

/** Copies every frame's bytes into one buffer (shared frames once) so the batch moves without copying again. */
function packFrames(events: TraceEvent[]): { events: TraceEvent[]; buffer: ArrayBuffer } {
  const offsets = new Map<Uint8Array, number>();
  let size = 0;
  for (const event of events) {
    const bytes = event.frame?.bytes;
    if (bytes && !offsets.has(bytes)) {
      offsets.set(bytes, size);
      size += bytes.length;
    }
  }
  const buffer = new ArrayBuffer(size);
  const all = new Uint8Array(buffer);
  for (const [bytes, offset] of offsets) all.set(bytes, offset);
  const packed = events.map((event) => {
    if (!event.frame) return event;
    const offset = offsets.get(event.frame.bytes)!;
    return { ...event, frame: { id: event.frame.id, bytes: all.subarray(offset, offset + event.frame.bytes.length) } };
  });
  return { events: packed, buffer };
}

async function runUntilQuiet(): Promise<void> {
  if (running || !simulation) return;
  running = true;
  const id = runId;
  const sim = simulation;
  let tasks = 0;
  const batches = new BatchPacing();
  while (id === runId && !sim.quiet) {
    const ran = sim.run({ maxTasks: SLICE_TASKS });
    tasks += ran;
    if (tasks >= MAX_TASKS_PER_RUN && !sim.quiet) {
      flush(false, [{ kind: 'stopped', message: `Paused the simulation after ${tasks.toLocaleString('en')} steps: the network never went quiet (is a loop flooding it?). Start another action to carry on.` }]);
      running = false;
      return;
    }
    if (batches.due(ran) || sim.quiet) flush(!sim.quiet);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  // A run superseded by load or stop leaves the flags to the newer one.
  if (id !== runId) return;
  running = false;
  flush(false);
}

const api: SimApi = {
  async load(doc: NetworkDocument, seed?: number): Promise<Result<void>> {
    const validated = validateDocument(doc);
    if (!validated.ok) return { ok: false, error: validated.problems.map((p) => `${p.path}: ${p.message}`).join('\n') };
    runId++;
    running = false;
    simulation = new Simulation(validated.value, { seed });
    stream = new TraceStream(simulation.trace);
    // What a network does by itself when it comes up (DHCP, announcements) plays at once, but only after this
    // call has answered: the app drops batches that arrive before its load has settled.
    setTimeout(() => void runUntilQuiet(), 0);
    return { ok: true, value: undefined };
  },
  async act(action: Action): Promise<Result<void>> {
    if (!simulation) return { ok: false, error: 'No network is loaded yet' };
    const started = simulation.act(action);
    if (!started.ok) return started;
    void runUntilQuiet();
    return started;
  },
  async stop(): Promise<void> {
    runId++;
    running = false;
    flush(false);
  },
  async onEvents(callback: (batch: TraceBatch) => void): Promise<void> {
    listener = callback;
  },
  async tables(device: string, atSeq: number) {
    if (!simulation) return [];
    const tables = simulation.deviceTables(device, atSeq);
    return tables.ok ? tables.value : [];
  },
  async leases(atSeq: number) {
    return simulation ? simulation.leasedAddresses(atSeq) : {};
  },
  async capture(scope: CaptureScope): Promise<Result<Uint8Array>> {
    if (!simulation) return { ok: false, error: 'No network is loaded yet' };
    const pcap = simulation.capture(scope);
    return pcap.ok ? Comlink.transfer(pcap, [pcap.value.buffer as ArrayBuffer]) : pcap;
  },
  async checkStep(lesson: Lesson, stepIndex: number, doc: NetworkDocument) {
    const validated = validateDocument(doc);
    if (!validated.ok) return { ok: false, error: validated.problems.map((p) => p.message).join('\n') };
    if (stepIndex < 0 || stepIndex >= lesson.steps.length) return { ok: false, error: `This lesson has no step ${stepIndex + 1}` };
    return { ok: true, value: checkStep(lesson, stepIndex, validated.value) };
  },
};

Comlink.expose(api);
