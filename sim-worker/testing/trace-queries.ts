/** Small questions tests ask of a finished simulation's trace. */
import type { TraceEvent } from '../api';
import type { Simulation } from '../engine/simulation';

export function appLines(sim: Simulation, device: string): string[] {
  return sim.trace.events.filter((e) => e.app && e.device === device).map((e) => e.app!.line);
}

export function eventsAt(sim: Simulation, device: string, type?: TraceEvent['type']): TraceEvent[] {
  return sim.trace.events.filter((e) => e.device === device && (type === undefined || e.type === type));
}

/** "send ARP Who has …" one line per event, handy for checking an order. */
export function describeEvents(events: readonly TraceEvent[]): string[] {
  return events.map((e) => `${e.device} ${e.type} ${e.protocol} ${e.summary}`);
}

export function tableRows(sim: Simulation, device: string, table: string, atSeq = Infinity): string[][] {
  const tables = sim.deviceTables(device, atSeq);
  if (!tables.ok) throw new Error(tables.error);
  return tables.value.find((t) => t.name === table)?.rows ?? [];
}
