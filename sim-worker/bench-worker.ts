/**
 * The benchmark in a browser's web worker, where the app's engine runs
 * (`npm run bench` starts it unless told `--node`: bench/in-chromium.ts). It is
 * sent the command line and one trace mode, and answers with what
 * `measure` found, or with the error.
 */
import { measure, type Meter, type TraceMode } from './bench/measure';
import { parseOptions, scenarioOf } from './bench/options';

export interface BenchRequest {
  argv: string[];
  mode: TraceMode;
}

const meter: Meter = { wallSeconds: () => performance.now() / 1000 };

self.onmessage = ({ data }: MessageEvent<BenchRequest>) => {
  try {
    self.postMessage({ measured: measure(scenarioOf(parseOptions(data.argv)), data.mode, meter) });
  } catch (e) {
    self.postMessage({ error: (e as Error).message });
  }
};
