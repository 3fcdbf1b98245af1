/**
 * The command line, as a function of its arguments and a few I/O hooks so
 * tests can run it: load a document, start actions, run, print the trace and
 * what the apps printed, optionally save a pcap and the events as JSON.
 * With --lesson it checks a lesson file headless instead: each step's checks,
 * run against the step's own solution or against a given network.
 */
import type { Action, TraceEvent } from './api';
import type { NetworkDocument } from './document/schema';
import { parseDocumentText } from './document/validate';
import { Simulation } from './engine/simulation';
import { checkStep } from './lessons/checks';
import { parseLessonText } from './lessons/validate';

export interface CliIo {
  readText(path: string): string;
  writeFile(path: string, data: string | Uint8Array): void;
  out(line: string): void;
  err(line: string): void;
}

export const USAGE = `usage: npm run sim -- <network.json> [--ping <device> <ip> [--count N]] [--traceroute <device> <ip>] [--nslookup <device> <name>] [--browse <device> <url>] [--dhcp] [--until <seconds>] [--pcap <file>] [--events <file.json>] [--seed N]
       npm run sim -- --lesson <lesson.json> [--solution | --network <network.json>] [--step N] [--seed N]

  --ping <device> <ip>   start a ping at time 0 from the device (its name or id) to an IPv4 or
                         IPv6 address; may be repeated
  --count N              echo requests for the ping before it (default 4)
  --traceroute <device> <ip>
                         start a traceroute at time 0 from the device; may be repeated
                         (ping and traceroute also take a host name, looked up by DNS first)
  --nslookup <device> <name>
                         look the name up from the device, as nslookup does, asking its first
                         DNS server; may be repeated
  --browse <device> <url>
                         load a page from the device (http or https, a host name or IPv4 address),
                         following redirects: prints what curl -i -L shows, then the page-load
                         timeline (dns, connect, tls, request, waiting, response); may be repeated
  --dhcp                 first let every DHCP client get its address (they all start at time 0),
                         then start the pings and traceroutes
  --until <seconds>      simulated time to run for (default: until the network is quiet)
  --pcap <file>          save every frame on every cable as a pcap (Wireshark, tshark)
  --events <file.json>   save the trace as JSON (frame bytes in hex)
  --seed N               seed for the simulation's random choices (default 1)

  --lesson <lesson.json> run a lesson's checks headless; exits 1 if a check fails
  --solution             check each step against its own solution (the default)
  --network <file>       check the steps against this network instead
  --step N               check only step N (1 = the first)`;

/** A network that is still busy after this many steps is flooding (a loop): stop and say so. */
const MAX_TASKS = 2_000_000;

interface Options {
  file: string;
  lesson?: string;
  network?: string;
  solution?: boolean;
  step?: number;
  /** Apps to start at time 0, in the order given. */
  runs: { app: 'ping' | 'traceroute' | 'nslookup' | 'browse'; device: string; target: string; count?: number }[];
  untilNs?: number;
  pcap?: string;
  events?: string;
  seed?: number;
  /** Run the network's start-up (DHCP) until quiet before starting the apps. */
  dhcp?: boolean;
}

type ParsedArgs = { ok: true; options: Options } | { ok: false; error: string };

function parseArgs(argv: string[]): ParsedArgs {
  const options: Options = { file: '', runs: [] };
  const fail = (error: string): ParsedArgs => ({ ok: false, error });
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      return v === undefined || v.startsWith('--') ? undefined : v;
    };
    switch (arg) {
      case '--ping':
      case '--traceroute':
      case '--nslookup': {
        const device = value();
        const target = value();
        const example = arg === '--nslookup' ? 'a name, e.g. --nslookup PC-1 www.example.test' : `an IP address, e.g. ${arg} PC-1 192.168.1.2`;
        if (!device || !target) return fail(`${arg} needs a device and ${example}`);
        options.runs.push({ app: arg.slice(2) as 'ping' | 'traceroute' | 'nslookup', device, target });
        break;
      }
      case '--browse': {
        const device = value();
        const url = value();
        if (!device || !url) return fail('--browse needs a device and a URL, e.g. --browse PC-1 https://www.example.test/');
        options.runs.push({ app: 'browse', device, target: url });
        break;
      }
      case '--count': {
        const last = options.runs[options.runs.length - 1];
        const count = Number(value());
        if (last?.app !== 'ping') return fail('--count must come right after the --ping it belongs to');
        if (!Number.isInteger(count) || count < 1) return fail('--count needs a whole number of at least 1');
        last.count = count;
        break;
      }
      case '--until': {
        const seconds = Number(value());
        if (!Number.isFinite(seconds) || seconds <= 0) return fail('--until needs a number of seconds greater than 0, e.g. --until 5');
        options.untilNs = Math.round(seconds * 1e9);
        break;
      }
      case '--seed': {
        const seed = Number(value());
        if (!Number.isInteger(seed)) return fail('--seed needs a whole number');
        options.seed = seed;
        break;
      }
      case '--step': {
        const step = Number(value());
        if (!Number.isInteger(step) || step < 1) return fail('--step needs a step number from 1 up');
        options.step = step;
        break;
      }
      case '--solution':
        options.solution = true;
        break;
      case '--dhcp':
        options.dhcp = true;
        break;
      case '--lesson':
      case '--network':
      case '--pcap':
      case '--events': {
        const path = value();
        if (!path) return fail(`${arg} needs a file name`);
        options[arg.slice(2) as 'lesson' | 'network' | 'pcap' | 'events'] = path;
        break;
      }
      default:
        if (arg.startsWith('--')) return fail(`unknown option ${arg}`);
        if (options.file) return fail(`only one network file, please (got "${options.file}" and "${arg}")`);
        options.file = arg;
    }
  }
  if (options.lesson !== undefined) {
    if (options.solution && options.network !== undefined) return fail('check against --solution or a --network, not both');
    const stray = options.file ? `"${options.file}"` : options.runs.length ? `--${options.runs[0].app}` : options.untilNs !== undefined ? '--until' : options.pcap ? '--pcap' : options.events ? '--events' : undefined;
    if (stray) return fail(`${stray} does not go with --lesson: give the network to check with --network <file>`);
    return { ok: true, options };
  }
  if (options.network !== undefined || options.solution || options.step !== undefined) return fail('--network, --solution and --step go with --lesson <file>');
  if (!options.file) return fail('which network? Give the path of a network .json file');
  return { ok: true, options };
}

export function runCli(argv: string[], io: CliIo): number {
  const args = parseArgs(argv);
  if (!args.ok) {
    io.err(`error: ${args.error}`);
    io.err(USAGE);
    return 2;
  }
  const { options } = args;
  if (options.lesson !== undefined) return runLesson(options.lesson, options, io);
  const doc = readNetwork(options.file, io);
  if (!doc) return 1;
  const sim = new Simulation(doc, { seed: options.seed, traceWindow: Infinity });
  if (options.dhcp) sim.run({ maxTasks: MAX_TASKS });
  for (const run of options.runs) {
    const device = doc.devices.find((d) => d.name === run.device || d.id === run.device);
    if (!device) {
      io.err(`error: no device called "${run.device}"; the devices are ${doc.devices.map((d) => d.name).join(', ') || '(none)'}`);
      return 1;
    }
    const action: Action = run.app === 'browse' ? { kind: 'browse', device: device.id, url: run.target } : run.app === 'ping'
      ? { kind: 'ping', device: device.id, target: run.target, count: run.count }
      : run.app === 'nslookup' ? { kind: 'nslookup', device: device.id, name: run.target } : { kind: 'traceroute', device: device.id, target: run.target };
    const started = sim.act(action);
    if (!started.ok) {
      io.err(`error: cannot ${run.app} from ${device.name}: ${started.error}`);
      return 1;
    }
  }
  const ran = sim.run({ untilNs: options.untilNs, maxTasks: MAX_TASKS });
  const names = new Map(doc.devices.map((d) => [d.id, d.name]));
  printEvents(sim.trace.events, names, io);
  printAppOutput(sim.trace.events, names, io);
  printTimelines(sim.trace.events, names, io);
  for (const notice of sim.takeNotices()) io.out(`\nnote: ${notice.message}`);
  if (ran >= MAX_TASKS && !sim.quiet) io.out(`\nnote: stopped after ${MAX_TASKS.toLocaleString('en')} steps: the network never went quiet.`);
  if (options.pcap) {
    const pcap = sim.capture({ kind: 'all' });
    if (pcap.ok) io.writeFile(options.pcap, pcap.value);
  }
  if (options.events) io.writeFile(options.events, JSON.stringify(sim.trace.events.map(eventToJson), null, 1));
  return 0;
}

/** Reads and validates a network file, or says why not on stderr. */
function readNetwork(file: string, io: CliIo): NetworkDocument | undefined {
  const text = readFile(file, io);
  if (text === undefined) return undefined;
  const parsed = parseDocumentText(text);
  if (!parsed.ok) {
    io.err(`error: ${file} is not a network Flintnet can open:`);
    for (const problem of parsed.problems) io.err(`  ${problem.path}: ${problem.message}`);
    return undefined;
  }
  return parsed.value;
}

function readFile(file: string, io: CliIo): string | undefined {
  try {
    return io.readText(file);
  } catch (e) {
    io.err(`error: cannot read ${file}: ${(e as Error).message}`);
    return undefined;
  }
}

/** --lesson: every step (or one), each check ✓ or ✗ with what it saw; what ping printed under a failing step. */
function runLesson(file: string, options: Options, io: CliIo): number {
  const text = readFile(file, io);
  if (text === undefined) return 1;
  const parsed = parseLessonText(text);
  if (!parsed.ok) {
    io.err(`error: ${file} is not a lesson Flintnet can use:`);
    for (const problem of parsed.problems) io.err(`  ${problem.path}: ${problem.message}`);
    return 1;
  }
  const lesson = parsed.value;
  const network = options.network === undefined ? undefined : readNetwork(options.network, io);
  if (options.network !== undefined && !network) return 1;
  if (options.step !== undefined && options.step > lesson.steps.length) {
    io.err(`error: this lesson has steps 1 to ${lesson.steps.length}, so there is no step ${options.step}`);
    return 2;
  }
  const indexes = options.step === undefined ? lesson.steps.map((_, i) => i) : [options.step - 1];
  io.out(`Chapter ${lesson.chapter}: ${lesson.title} — checked against ${network ? options.network : 'each step\'s own solution'}`);
  let failed = 0;
  for (const i of indexes) {
    const step = lesson.steps[i];
    const result = checkStep(lesson, i, network ?? step.solution, { seed: options.seed });
    io.out(`\nStep ${i + 1} of ${lesson.steps.length}: ${step.title}`);
    for (const check of result.checks) {
      io.out(`  ${check.passed ? '✓' : '✗'} ${check.goal}`);
      io.out(`      ${check.message}`);
    }
    if (!result.passed) {
      failed++;
      for (const line of result.output) io.out(`    ${line}`);
    }
  }
  const steps = `${indexes.length} step${indexes.length === 1 ? '' : 's'}`;
  io.out(failed === 0 ? `\n✓ ${steps} checked, all pass.` : `\n✗ ${failed} of ${steps} failed.`);
  return failed === 0 ? 0 : 1;
}

function printEvents(events: readonly TraceEvent[], names: Map<string, string>, io: CliIo): void {
  io.out(`${'#'.padStart(6)}  ${'time (s)'.padStart(12)}  ${'device'.padEnd(12)}  ${'type'.padEnd(8)}  ${'proto'.padEnd(6)}  summary`);
  for (const e of events) {
    const where = `${names.get(e.device) ?? e.device}${e.interface ? ` ${e.interface}` : ''}`;
    io.out(`${String(e.seq).padStart(6)}  ${(e.t / 1e9).toFixed(9).padStart(12)}  ${where.padEnd(12)}  ${e.type.padEnd(8)}  ${e.protocol.padEnd(6)}  ${e.summary}`);
  }
}

/** Each app run's lines together, as its own terminal would show them; runs in the order they started. */
function printAppOutput(events: readonly TraceEvent[], names: Map<string, string>, io: CliIo): void {
  const runs = new Map<string, string[]>();
  for (const e of events) {
    if (!e.app) continue;
    const header = `${names.get(e.device) ?? e.device} (${e.app.name} #${e.app.run})`;
    const lines = runs.get(header) ?? [];
    if (lines.length === 0) runs.set(header, lines);
    lines.push(e.app.line);
  }
  for (const [header, lines] of runs) {
    io.out('');
    io.out(`${header}:`);
    for (const line of lines) io.out(`  ${line}`);
  }
}

/** Each browser run's page-load timeline as a table, like a network panel: phase, start, duration, the events that made it. */
function printTimelines(events: readonly TraceEvent[], names: Map<string, string>, io: CliIo): void {
  for (const e of events) {
    const timeline = e.app?.timeline;
    if (!timeline) continue;
    io.out('');
    io.out(`${names.get(e.device) ?? e.device} (${e.app!.name} #${e.app!.run}) page-load timeline for ${timeline.url}:`);
    io.out(`  ${'request'.padEnd(36)}  ${'phase'.padEnd(8)}  ${'start (ms)'.padStart(10)}  ${'took (ms)'.padStart(10)}  events`);
    for (const request of timeline.requests) {
      const label = `${request.url}${request.status ? ` ${request.status}` : ''}${request.reusedConnection ? ' (kept-alive)' : ''}`;
      for (const phase of request.phases) {
        io.out(`  ${label.padEnd(36)}  ${phase.name.padEnd(8)}  ${(phase.start / 1e6).toFixed(3).padStart(10)}  ${(phase.duration / 1e6).toFixed(3).padStart(10)}  ${seqRanges(phase.seqs)}`);
      }
    }
    if (timeline.error) io.out(`  stopped: ${timeline.error}`);
  }
}

/** Event numbers as runs: "12-20, 25, 30-33". */
function seqRanges(seqs: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < seqs.length; i++) {
    let j = i;
    while (j + 1 < seqs.length && seqs[j + 1] === seqs[j] + 1) j++;
    runs.push(j === i ? `${seqs[i]}` : `${seqs[i]}-${seqs[j]}`);
    i = j;
  }
  return runs.join(', ') || '-';
}

function eventToJson(e: TraceEvent): unknown {
  return e.frame ? { ...e, frame: { id: e.frame.id, bytes: Buffer.from(e.frame.bytes).toString('hex') } } : e;
}
