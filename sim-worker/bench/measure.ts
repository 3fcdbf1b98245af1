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
const MEASURED_RUNS = 3;

export interface Measured {
  framesTransmitted: number;
  echoReplies: number;
  wallSeconds: number;
  framesPerSecond: number;
  /** CPU time this process spent on the run: less swayed than wall time by other work on the machine. */
  cpuSeconds: number;
  /** The first run's speed, before V8 had compiled the engine's hot code. */
  firstRunFramesPerSecond: number;
  /** Every event the run made, by type: the same in every mode, or the modes did different work. */
  events: Record<string, number>;
  peakRssMiB: number;
}

interface Run {
  wallSeconds: number;
  cpuSeconds: number;
  events: Record<string, number>;
  peakRss: number;
}

export function measure(scenario: Scenario, mode: TraceMode): Measured {
  const first = runOnce(scenario, mode);
  let peakRss = first.peakRss;
  for (let runs = 1, frames = first.events.send; runs < WARM_UP_RUNS || frames < WARM_UP_FRAMES; runs++) {
    const warmUp = runOnce(scenario, mode);
    frames += warmUp.events.send;
    peakRss = Math.max(peakRss, warmUp.peakRss);
  }
  const measured = Array.from({ length: MEASURED_RUNS }, () => runOnce(scenario, mode)).sort((a, b) => a.wallSeconds - b.wallSeconds);
  const run = measured[Math.floor(MEASURED_RUNS / 2)];
  const { events } = run;
  return {
    framesTransmitted: events.send,
    // Counters cannot tell an echo reply from another delivery: in these scenarios every delivery is one, as the streamed run checks.
    echoReplies: events.deliver,
    wallSeconds: Number(run.wallSeconds.toFixed(3)),
    framesPerSecond: Math.round(events.send / run.wallSeconds),
    cpuSeconds: Number(run.cpuSeconds.toFixed(3)),
    firstRunFramesPerSecond: Math.round(first.events.send / first.wallSeconds),
    events,
    peakRssMiB: Math.round(Math.max(peakRss, ...measured.map((m) => m.peakRss)) / 2 ** 20),
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

function runOnce(scenario: Scenario, mode: TraceMode): Run {
  const sim = new Simulation(scenario.doc, { traceDetail: mode === 'counters' ? 'counters' : 'full' });
  const stream = mode === 'streamed' ? new TraceStream(sim.trace) : undefined;
  const read = () => {
    for (const event of stream!.take()) {
      if (event.type === 'deliver' && !event.summary.startsWith('Echo (ping) reply')) throw new Error(`a delivery that is not an echo reply: ${event.summary}`);
    }
  };
  let peakRss = process.memoryUsage().rss;
  // The run starts with the pings (the first ARP requests go out as they start) and ends when the network is quiet.
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  for (const action of scenario.actions) {
    const acted = sim.act(action);
    if (!acted.ok) throw new Error(acted.error);
  }
  runAsTheWorker(sim, () => {
    if (stream) read();
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  // Everything since the network was built, start-up traffic included.
  return { wallSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, events: { ...sim.trace.counts }, peakRss };
}
