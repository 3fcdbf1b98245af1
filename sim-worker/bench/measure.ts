/**
 * Runs a scenario and measures it: the wall time of a run only, not of
 * building the network. Each run is on a network built afresh. The first
 * runs warm V8 up (it compiles the engine's hot code only after it has run
 * a while, as it has in a worker that has been busy for a few seconds) and
 * are not counted, though the first one's speed is reported; then the
 * scenario runs MEASURED_RUNS times and the median run is reported.
 */
import { Simulation } from '../engine/simulation';
import { BatchPacing, SLICE_TASKS, TraceStream } from '../engine/trace-stream';
import type { Scenario } from './scenario';

/**
 * Streamed: the full trace, read in batches as the app's worker reads it
 * (engine/trace-stream.ts). Held: the full trace only held, every event
 * read when asked for (as the CLI reads it). Counters: events counted by
 * type and nothing else made.
 */
export type TraceMode = 'streamed' | 'held' | 'counters';

/** Warm-up runs go on until this many frames have been sent (a small scenario runs many times), and there are at least WARM_UP_RUNS. */
const WARM_UP_FRAMES = 400_000;
const WARM_UP_RUNS = 2;
/** Runs on a shared machine vary by tens of per cent, one to the next: the median of five moves less than that of three. */
const MEASURED_RUNS = 5;

/**
 * The clocks a measurement reads: Node's (`bench.ts`) or a browser worker's
 * (`bench-worker.ts`), which has no CPU time or resident memory to read.
 */
export interface Meter {
  /** Seconds on a wall clock, from any fixed point. */
  wallSeconds(): number;
  /** Seconds of CPU this process has used, from any fixed point. */
  cpuSeconds?(): number;
  /** Memory the process holds now, in bytes. */
  residentBytes?(): number;
}

export interface Measured {
  framesTransmitted: number;
  echoReplies: number;
  wallSeconds: number;
  framesPerSecond: number;
  /** CPU time this process spent on the run: less swayed than wall time by other work on the machine (Node only). */
  cpuSeconds?: number;
  /** The first run's speed, before V8 had compiled the engine's hot code. */
  firstRunFramesPerSecond: number;
  /** Every event the run made, by type: the same in every mode, or the modes did different work. */
  events: Record<string, number>;
  /** Node only. */
  peakRssMiB?: number;
}

interface Run {
  wallSeconds: number;
  cpuSeconds?: number;
  events: Record<string, number>;
  peakRss?: number;
}

export function measure(scenario: Scenario, mode: TraceMode, meter: Meter): Measured {
  const first = runOnce(scenario, mode, meter);
  const runs = [first];
  for (let frames = first.events.send; runs.length < WARM_UP_RUNS || frames < WARM_UP_FRAMES; ) {
    const warmUp = runOnce(scenario, mode, meter);
    frames += warmUp.events.send;
    runs.push(warmUp);
  }
  const measured = Array.from({ length: MEASURED_RUNS }, () => runOnce(scenario, mode, meter)).sort((a, b) => a.wallSeconds - b.wallSeconds);
  runs.push(...measured);
  const run = measured[Math.floor(MEASURED_RUNS / 2)];
  const { events } = run;
  return {
    framesTransmitted: events.send,
    // Counters cannot tell an echo reply from another delivery: in these scenarios every delivery is one, as the streamed run checks.
    echoReplies: events.deliver,
    wallSeconds: Number(run.wallSeconds.toFixed(3)),
    framesPerSecond: Math.round(events.send / run.wallSeconds),
    cpuSeconds: run.cpuSeconds === undefined ? undefined : Number(run.cpuSeconds.toFixed(3)),
    firstRunFramesPerSecond: Math.round(first.events.send / first.wallSeconds),
    events,
    peakRssMiB: meter.residentBytes ? Math.round(Math.max(...runs.map((r) => r.peakRss!)) / 2 ** 20) : undefined,
  };
}

/** Runs until the network is quiet, in the worker's slices, calling `batch` wherever the worker sends a batch (the last one included). */
export function runAsTheWorker(sim: Simulation, batch: () => void): void {
  const batches = new BatchPacing();
  while (!sim.quiet) {
    if (batches.due(sim.run({ maxTasks: SLICE_TASKS }))) batch();
  }
  batch();
}

function runOnce(scenario: Scenario, mode: TraceMode, meter: Meter): Run {
  const sim = new Simulation(scenario.doc, { traceDetail: mode === 'counters' ? 'counters' : 'full' });
  const stream = mode === 'streamed' ? new TraceStream(sim.trace) : undefined;
  const read = () => {
    for (const event of stream!.take()) {
      if (event.type === 'deliver' && !event.summary.startsWith('Echo (ping) reply')) throw new Error(`a delivery that is not an echo reply: ${event.summary}`);
    }
  };
  let peakRss = meter.residentBytes?.();
  // The run starts with the pings (the first ARP requests go out as they start) and ends when the network is quiet.
  const started = meter.wallSeconds();
  const cpuBefore = meter.cpuSeconds?.();
  for (const action of scenario.actions) {
    const acted = sim.act(action);
    if (!acted.ok) throw new Error(acted.error);
  }
  runAsTheWorker(sim, () => {
    if (stream) read();
    if (peakRss !== undefined) peakRss = Math.max(peakRss, meter.residentBytes!());
  });
  const wallSeconds = meter.wallSeconds() - started;
  const cpuSeconds = cpuBefore === undefined ? undefined : meter.cpuSeconds!() - cpuBefore;
  if (peakRss !== undefined) peakRss = Math.max(peakRss, meter.residentBytes!());
  // Everything since the network was built, start-up traffic included.
  return { wallSeconds, cpuSeconds, events: { ...sim.trace.counts }, peakRss };
}
