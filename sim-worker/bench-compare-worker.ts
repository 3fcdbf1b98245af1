/**
 * One run of a benchmark scenario in a browser's web worker, for comparing
 * two builds run for run (`npm run bench:compare`, sim-worker/bench-compare.ts).
 * The comparison bundles this file from both source trees, so it uses only
 * what the engine has long offered: keep it that way, or older revisions can
 * no longer be compared. Sent the command line and a trace mode, it answers
 * with the frames the run sent and its frames per wall-second, or with the
 * error.
 */
import { runAsTheWorker } from './bench/measure';
import { parseOptions, scenarioOf } from './bench/options';
import { Simulation } from './engine/simulation';
import { TraceStream } from './engine/trace-stream';

self.onmessage = ({ data }: MessageEvent<{ argv: string[]; mode: 'streamed' | 'held' | 'counters' }>) => {
  try {
    const scenario = scenarioOf(parseOptions(data.argv));
    const sim = new Simulation(scenario.doc, { traceDetail: data.mode === 'counters' ? 'counters' : 'full' });
    const stream = data.mode === 'streamed' ? new TraceStream(sim.trace) : undefined;
    const started = performance.now();
    for (const action of scenario.actions) {
      const acted = sim.act(action);
      if (!acted.ok) throw new Error(acted.error);
    }
    runAsTheWorker(sim, () => stream?.take());
    const seconds = (performance.now() - started) / 1000;
    self.postMessage({ frames: sim.trace.counts.send, framesPerSecond: Math.round(sim.trace.counts.send / seconds) });
  } catch (e) {
    self.postMessage({ error: (e as Error).message });
  }
};
