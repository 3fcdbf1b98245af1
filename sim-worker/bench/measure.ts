/** Runs a scenario once and measures it: the wall time of the run only, not of building the network. */
import { Simulation } from '../engine/simulation';
import type { Scenario } from './scenario';

/** The full trace read as it is made (as the worker reads it), the full trace only held (read when asked, as the CLI reads it), or counters. */
export type TraceMode = 'full' | 'held' | 'counters';

export interface Measured {
  framesTransmitted: number;
  echoReplies: number;
  wallSeconds: number;
  framesPerSecond: number;
  /** CPU time this process spent on the run: less swayed than wall time by other work on the machine. */
  cpuSeconds: number;
  /** Every event the run made, by type: the same in both modes, or the modes did different work. */
  events: Record<string, number>;
  peakRssMiB: number;
}

/**
 * With the trace full, a sink reads every event as the worker's does, so each
 * is complete: reasons in words, protocol and summary worked out. Held, every
 * event is kept, to be read when asked for, and no sink reads it. With
 * counters only, events are counted by type and nothing else is made.
 */
export function measure(scenario: Scenario, mode: TraceMode): Measured {
  const sim = new Simulation(scenario.doc, { traceDetail: mode === 'counters' ? 'counters' : 'full' });
  let echoReplies = 0;
  if (mode === 'full') {
    sim.trace.addSink((event) => {
      if (event.type === 'deliver' && event.summary.startsWith('Echo (ping) reply')) echoReplies++;
    });
  }
  let peakRss = process.memoryUsage().rss;
  // The run starts with the pings (the first ARP requests go out as they start) and ends when the network is quiet.
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  for (const action of scenario.actions) {
    const acted = sim.act(action);
    if (!acted.ok) throw new Error(acted.error);
  }
  while (!sim.quiet) {
    sim.run({ maxTasks: 20_000 });
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  // Everything since the network was built, start-up traffic included.
  const events = { ...sim.trace.counts };
  // Counters alone cannot tell an echo reply from another delivery: in this scenario every delivery is one, as the full run checks.
  if (mode !== 'full') echoReplies = events.deliver;
  return {
    framesTransmitted: events.send,
    echoReplies,
    wallSeconds: Number(wallSeconds.toFixed(3)),
    framesPerSecond: Math.round(events.send / wallSeconds),
    cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(3)),
    events,
    peakRssMiB: Math.round(peakRss / 2 ** 20),
  };
}
