/**
 * `npm run bench -- <scenario> [options]`: the engine's throughput in Node.
 * Each trace mode runs in a fresh Node process of its own, so one run's heap
 * does not slow the other and peak memory is each mode's own.
 */
import { spawnSync } from 'node:child_process';
import { campus } from './bench/campus';
import { measure, type Measured, type TraceMode } from './bench/measure';
import type { Scenario } from './bench/scenario';
import { switchTree } from './bench/switch-tree';
import { TCP_BENCH_USAGE, tcpBench } from './bench/tcp-bulk';

const USAGE = `usage: npm run bench [-- campus] [--lans L] [--hosts H] [--count K] [--json] [--only streamed|held|counters]
       npm run bench -- switch-tree [--leaves L] [--hosts H] [--count K] [--json] [--only streamed|held|counters]

campus       L LANs (default 8), each one switch with H computers (default 16, at most 253),
             one core router with an interface into each LAN's switch; every computer sends
             K echo requests (default 10; 64 data bytes, 1 ms apart) to computer (h+1 mod H)
             of LAN (l+1 mod L). 1 Gbit/s cables with 1 µs delay.
switch-tree  one root switch, L leaf switches (default 8) with H computers each (default 32),
             one /16; every computer pings a computer on the next leaf K times (default 10).
${TCP_BENCH_USAGE}

npm run bench first bundles the engine with esbuild into node_modules/.cache/flintnet/bench.mjs,
as the app's build bundles it for the worker, and runs that bundle with node (tsx would add a
helper call to every function, which slows the engine by about a sixth).

Measures the scenario in three trace modes, each in a fresh process: the full trace streamed
(every event kept, and read in batches as the app's worker reads it), the full trace only held
(every event kept, made complete when read, as the CLI reads it) and the trace reduced to
counters. In each process the scenario runs twice, on a network built afresh each time, and
the second run is measured: V8 has compiled the engine's hot code by then, as it has in a
worker that has been running for a while. The first run's speed is shown too.
Frames transmitted counts every transmission on every cable, ARP included; the wall time
is the run's (from the first ping to a quiet network), not building the network.

--only M   run one mode only (streamed, held or counters)
--json     print one JSON object:
           { scenario, framesTransmitted, echoReplies, wallSeconds, framesPerSecond, cpuSeconds,
             firstRunFramesPerSecond, peakRssMiB, events: { send, receive, forward, … },
             held: { the same fields }, countersOnly: { the same fields } }
           the top-level figures are the streamed trace's; held and countersOnly hold the other runs.`;

interface Options {
  scenario: 'campus' | 'switch-tree';
  sizes: Record<string, number>;
  json: boolean;
  only?: TraceMode;
}

const SIZE_FLAGS: Record<Options['scenario'], Record<string, number>> = {
  campus: { lans: 8, hosts: 16, count: 10 },
  'switch-tree': { leaves: 8, hosts: 32, count: 10 },
};

function parseOptions(argv: string[]): Options {
  // With no scenario named, campus.
  const named = argv.length > 0 && !argv[0].startsWith('--');
  const scenario = named ? argv[0] : 'campus';
  if (scenario !== 'campus' && scenario !== 'switch-tree') throw new Error(`unknown scenario "${scenario}"`);
  const options: Options = { scenario, sizes: { ...SIZE_FLAGS[scenario] }, json: false };
  for (let i = named ? 1 : 0; i < argv.length; i++) {
    const flag = argv[i];
    const name = flag.slice(2);
    if (flag === '--json') options.json = true;
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

function scenarioOf({ scenario, sizes }: Options): Scenario {
  if (scenario === 'campus') return campus({ lans: sizes.lans, hosts: sizes.hosts, count: sizes.count });
  return switchTree({ leaves: sizes.leaves, hosts: sizes.hosts, count: sizes.count });
}

/** Runs one mode in a child Node process (the same loader, this same file) and reads its JSON. */
function measureApart(argv: string[], mode: TraceMode): Measured {
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1], ...argv, '--only', mode, '--json'], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`the ${mode} run failed: ${child.stderr.trim() || child.stdout.trim()}`);
  const measured = JSON.parse(child.stdout) as Measured & { scenario?: string };
  delete measured.scenario;
  return measured;
}

function sameEvents(a: Measured, b: Measured): boolean {
  return Object.keys(a.events).every((type) => a.events[type] === b.events[type]);
}

const MODE_LABELS: Record<TraceMode, string> = {
  streamed: 'full trace, streamed (as the app\'s worker reads it)',
  held: 'full trace, held (read when asked for)',
  counters: 'counters only',
};

function printMode(label: string, m: Measured, expected: number): void {
  console.log(`  ${label}`);
  console.log(`    frames transmitted        ${m.framesTransmitted.toLocaleString('en')}`);
  console.log(`    echo replies received     ${m.echoReplies.toLocaleString('en')} of ${expected.toLocaleString('en')}`);
  console.log(`    wall time of the run      ${m.wallSeconds} s`);
  console.log(`    frames per wall-second    ${m.framesPerSecond.toLocaleString('en')}`);
  console.log(`    CPU time of the run       ${m.cpuSeconds} s`);
  console.log(`    first run (V8 cold)       ${m.firstRunFramesPerSecond.toLocaleString('en')} frames per wall-second`);
  console.log(`    peak memory (RSS)         ${m.peakRssMiB} MiB`);
}

function main(): void {
  const argv = process.argv.slice(2);
  if (argv[0] === 'tcp') return tcpBench(argv.slice(1));
  const options = parseOptions(argv);
  const scenario = scenarioOf(options);
  if (options.only) {
    const measured = measure(scenario, options.only);
    if (options.json) console.log(JSON.stringify({ scenario: scenario.title, ...measured }));
    else printMode(MODE_LABELS[options.only], measured, scenario.expectedReplies);
    return;
  }
  const streamed = measureApart(argv, 'streamed');
  const held = measureApart(argv, 'held');
  const countersOnly = measureApart(argv, 'counters');
  if (!sameEvents(streamed, held) || !sameEvents(streamed, countersOnly)) throw new Error('the runs made different events: the trace mode changed what the network did');
  if (options.json) {
    console.log(JSON.stringify({ scenario: scenario.title, ...streamed, held, countersOnly }));
    return;
  }
  console.log(scenario.title);
  printMode(MODE_LABELS.streamed, streamed, scenario.expectedReplies);
  printMode(MODE_LABELS.held, held, scenario.expectedReplies);
  printMode(MODE_LABELS.counters, countersOnly, scenario.expectedReplies);
}

try {
  main();
} catch (e) {
  console.error(`error: ${(e as Error).message}\n\n${USAGE}`);
  process.exitCode = 2;
}
