/**
 * `npm run bench -- <scenario> [options]`: the engine's throughput in
 * headless Chromium's web worker, where the app runs it, or (`--node`) in
 * Node, where the CLI and the tests run it. Each trace mode runs in a
 * browser context or Node process of its own, so one run's heap does not
 * slow the other and peak memory is each mode's own.
 */
import { spawnSync } from 'node:child_process';
import { launchChromium } from './bench/in-chromium';
import { measure, type Measured, type Meter, type TraceMode } from './bench/measure';
import { parseOptions, scenarioOf } from './bench/options';
import { TCP_BENCH_USAGE, tcpBench } from './bench/tcp-bulk';

const USAGE = `usage: npm run bench [-- campus] [--lans L] [--hosts H] [--count K] [--json] [--only streamed|held|counters] [--node]
       npm run bench -- switch-tree [--leaves L] [--hosts H] [--count K] [--json] [--only streamed|held|counters] [--node]

campus       L LANs (default 8), each one switch with H computers (default 16, at most 253),
             one core router with an interface into each LAN's switch; every computer sends
             K echo requests (default 10; 64 data bytes, 1 ms apart) to computer (h+1 mod H)
             of LAN (l+1 mod L). 1 Gbit/s cables with 1 µs delay.
switch-tree  one root switch, L leaf switches (default 8) with H computers each (default 32),
             one /16; every computer pings a computer on the next leaf K times (default 10).
${TCP_BENCH_USAGE}

Campus and switch-tree run in a web worker in headless Chromium, where the app runs the engine
(CHROMIUM_PATH, else /usr/bin/chromium), unless told --node. npm run bench first bundles the
engine with esbuild, as the app's build bundles it for the worker, into
node_modules/.cache/flintnet/bench-worker.js, and this command into bench.mjs beside it, which
runs the engine itself with --node (tsx would add a helper call to every function, which slows
the engine by about a sixth).

Measures the scenario in three trace modes, each in a fresh browser context (or Node process):
the full trace streamed (every event kept, and read in batches as the app's worker reads it),
the full trace only held (every event kept, made complete when read, as the CLI reads it) and
the trace reduced to counters. In each the scenario first runs until 400,000 frames have gone
by (at least twice), on a network built afresh each time, so that V8 has compiled the engine's
hot code, as it has in a worker that has been busy for a while; then it runs five more times
and the median run is reported. The first run's speed is shown too.
Frames transmitted counts every transmission on every cable, ARP included; the wall time
is the run's (from the first ping to a quiet network), not building the network.

--only M   run one mode only (streamed, held or counters)
--node     run in Node instead, as the CLI and the tests run the engine: Node 20's V8 is older
           than Chromium's and does not compress pointers, so the same engine runs slower there
--json     print one JSON object:
           { scenario, browser, framesTransmitted, echoReplies, wallSeconds, framesPerSecond,
             firstRunFramesPerSecond, events: { send, receive, forward, … },
             held: { the same fields }, countersOnly: { the same fields } }
           the top-level figures are the streamed trace's; held and countersOnly hold the other runs;
           browser names the Chromium; with --node, browser is left out and cpuSeconds and
           peakRssMiB (which Chromium does not give) are added.`;

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

const nodeMeter: Meter = {
  wallSeconds: () => Number(process.hrtime.bigint()) / 1e9,
  cpuSeconds: () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  },
  residentBytes: () => process.memoryUsage().rss,
};

const MODES: TraceMode[] = ['streamed', 'held', 'counters'];

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
  if (m.cpuSeconds !== undefined) console.log(`    CPU time of the run       ${m.cpuSeconds} s`);
  console.log(`    first run (V8 cold)       ${m.firstRunFramesPerSecond.toLocaleString('en')} frames per wall-second`);
  if (m.peakRssMiB !== undefined) console.log(`    peak memory (RSS)         ${m.peakRssMiB} MiB`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'tcp') return tcpBench(argv.slice(1));
  const options = parseOptions(argv);
  const scenario = scenarioOf(options);
  const modes = options.only ? [options.only] : MODES;
  let where = `Node ${process.version}`;
  let results: Measured[];
  if (!options.node) {
    const chromium = await launchChromium(argv);
    where = chromium.browser;
    try {
      results = [];
      for (const mode of modes) results.push(await chromium.measure(mode));
    } finally {
      await chromium.close();
    }
  } else if (options.only) results = [measure(scenario, options.only, nodeMeter)];
  else results = modes.map((mode) => measureApart(argv, mode));
  if (results.some((m) => !sameEvents(m, results[0]))) throw new Error('the runs made different events: the trace mode changed what the network did');
  if (options.json) {
    // One mode: its figures at the top level (how a Node child answers); all three: streamed's, with the others beside them.
    const [first, held, countersOnly] = results;
    console.log(JSON.stringify({ scenario: scenario.title, ...(options.node ? {} : { browser: where }), ...first, held, countersOnly }));
    return;
  }
  console.log(`${scenario.title} (in ${where})`);
  modes.forEach((mode, i) => printMode(MODE_LABELS[mode], results[i], scenario.expectedReplies));
}

main().catch((e: Error) => {
  console.error(`error: ${e.message}\n\n${USAGE}`);
  process.exitCode = 2;
});
