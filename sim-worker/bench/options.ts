/** The campus and switch-tree benchmarks' command line, read the same in Node and in the browser worker. */
import { campus } from './campus';
import type { TraceMode } from './measure';
import type { Scenario } from './scenario';
import { switchTree } from './switch-tree';

export interface BenchOptions {
  scenario: 'campus' | 'switch-tree';
  sizes: Record<string, number>;
  json: boolean;
  only?: TraceMode;
  /** Run in Node rather than in headless Chromium's web worker, where the app runs the engine. */
  node: boolean;
}

const SIZE_FLAGS: Record<BenchOptions['scenario'], Record<string, number>> = {
  campus: { lans: 8, hosts: 16, count: 10 },
  'switch-tree': { leaves: 8, hosts: 32, count: 10 },
};

export function parseOptions(argv: string[]): BenchOptions {
  // With no scenario named, campus.
  const named = argv.length > 0 && !argv[0].startsWith('--');
  const scenario = named ? argv[0] : 'campus';
  if (scenario !== 'campus' && scenario !== 'switch-tree') throw new Error(`unknown scenario "${scenario}"`);
  const options: BenchOptions = { scenario, sizes: { ...SIZE_FLAGS[scenario] }, json: false, node: false };
  for (let i = named ? 1 : 0; i < argv.length; i++) {
    const flag = argv[i];
    const name = flag.slice(2);
    if (flag === '--json') options.json = true;
    else if (flag === '--node') options.node = true;
    else if (flag === '--only') {
      const mode = argv[++i];
      if (mode !== 'streamed' && mode !== 'held' && mode !== 'counters') throw new Error('--only takes streamed, held or counters');
      options.only = mode;
    } else if (flag.startsWith('--') && name in options.sizes) {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} needs a whole number of at least 1`);
      options.sizes[name] = value;
    } else throw new Error(`unknown option ${flag}`);
  }
  return options;
}

export function scenarioOf({ scenario, sizes }: BenchOptions): Scenario {
  if (scenario === 'campus') return campus({ lans: sizes.lans, hosts: sizes.hosts, count: sizes.count });
  return switchTree({ leaves: sizes.leaves, hosts: sizes.hosts, count: sizes.count });
}
