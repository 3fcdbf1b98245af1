/**
 * `npm run bench -- tcp`: one bulk TCP transfer between two computers across
 * three routers (1 Gbit/s cables, 1 µs each), timed from connect() to the
 * sink hearing the FIN after the last byte. Prints the simulated throughput,
 * the engine's events per wall-second, and whether every byte arrived intact.
 */
import type { IpDevice } from '../devices/device';
import { Simulation } from '../engine/simulation';
import { TraceStream } from '../engine/trace-stream';
import { runAsTheWorker } from './measure';
import { routedLine } from '../testing/network-builder';
import { startTransfer } from '../testing/tcp-transfer';

export const TCP_BENCH_USAGE = `       npm run bench -- tcp [--megabytes M] [--routers R] [--counters] [--json]

tcp          PC-1 — R1 — … — R(R) — PC-2 (default 3 routers), 1 Gbit/s cables with 1 µs delay;
             PC-1 sends M megabytes (default 16) to PC-2 over one TCP connection.
             --counters reduces the trace to counters (the default streams it as the app's worker does).
             Runs in Node only.`;

interface TcpBenchOptions {
  megabytes: number;
  routers: number;
  counters: boolean;
  json: boolean;
}

function parse(argv: string[]): TcpBenchOptions {
  const options: TcpBenchOptions = { megabytes: 16, routers: 3, counters: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--json') options.json = true;
    else if (flag === '--counters') options.counters = true;
    else if (flag === '--megabytes' || flag === '--routers') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} needs a whole number of at least 1`);
      options[flag === '--megabytes' ? 'megabytes' : 'routers'] = value;
    } else throw new Error(`unknown option ${flag}`);
  }
  return options;
}

export function tcpBench(argv: string[]): void {
  const options = parse(argv);
  const { doc, pcs } = routedLine(options.routers);
  const sim = new Simulation(doc, { traceDetail: options.counters ? 'counters' : 'full' });
  sim.run();
  const stream = options.counters ? undefined : new TraceStream(sim.trace);
  const data = Uint8Array.from({ length: options.megabytes * 2 ** 20 }, (_, i) => (i * 131 + (i >>> 12)) & 255);
  const eventsBefore = Object.values(sim.trace.counts).reduce((a, b) => a + b, 0);
  const startedAt = sim.now;
  const started = process.hrtime.bigint();
  const transfer = startTransfer(sim.devices.get(pcs[0]) as IpDevice, sim.devices.get(pcs[1]) as IpDevice, 0x0a000205, 5001, data);
  runAsTheWorker(sim, () => stream?.take());
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const events = Object.values(sim.trace.counts).reduce((a, b) => a + b, 0) - eventsBefore;
  const received = transfer.received();
  const byteExact = received.length === data.length && received.every((b, i) => b === data[i]);
  if (transfer.finishedAt === undefined) throw new Error(`the transfer did not finish: ${received.length} of ${data.length} bytes arrived`);
  const simulatedSeconds = (transfer.finishedAt - startedAt) / 1e9;
  const result = {
    scenario: `tcp: ${options.megabytes} MiB across ${options.routers} routers`,
    bytes: data.length,
    byteExact,
    simulatedSeconds: Number(simulatedSeconds.toFixed(6)),
    simulatedMbps: Number(((data.length * 8) / simulatedSeconds / 1e6).toFixed(1)),
    retransmissions: transfer.client!.retransmissions,
    fastRetransmits: transfer.client!.fastRetransmits,
    events,
    wallSeconds: Number(wallSeconds.toFixed(3)),
    eventsPerSecond: Math.round(events / wallSeconds),
    trace: options.counters ? 'counters' : 'streamed',
  };
  if (options.json) return void console.log(JSON.stringify(result));
  console.log(result.scenario);
  console.log(`  bytes sent                ${result.bytes.toLocaleString('en')}`);
  console.log(`  arrived byte-exact        ${byteExact ? 'yes' : 'NO'}`);
  console.log(`  simulated time            ${result.simulatedSeconds} s`);
  console.log(`  simulated throughput      ${result.simulatedMbps} Mbit/s`);
  console.log(`  retransmissions           ${result.retransmissions} (${result.fastRetransmits} fast retransmits)`);
  console.log(`  events                    ${events.toLocaleString('en')} (${result.trace} trace)`);
  console.log(`  wall time                 ${result.wallSeconds} s`);
  console.log(`  events per wall-second    ${result.eventsPerSecond.toLocaleString('en')}`);
  if (!byteExact) process.exitCode = 1;
}
