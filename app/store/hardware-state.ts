/**
 * Which cables are cut and which devices are off, read from the trace's
 * 'state' events: as of the playback cursor (for drawing the canvas) or as of
 * the engine's latest event (for the Cut/Power buttons). Only the few state
 * events are scanned, found once per batch of events.
 */
import type { TraceEvent } from '../../sim-worker/api';
import { useTraceStore } from './trace-store';

export interface HardwareState {
  cutLinks: ReadonlySet<string>;
  poweredOff: ReadonlySet<string>;
}

/** The state events of a trace, in order. */
export function stateEvents(events: readonly TraceEvent[]): TraceEvent[] {
  return events.filter((e) => e.type === 'state');
}

/** Replays state events up to `atSeq` (all of them when null). */
export function hardwareStateAt(states: readonly TraceEvent[], atSeq: number | null): HardwareState {
  const cutLinks = new Set<string>();
  const poweredOff = new Set<string>();
  for (const event of states) {
    if (atSeq !== null && event.seq > atSeq) break;
    if (event.protocol === 'Power') {
      if (event.summary.endsWith('powered off')) poweredOff.add(event.device);
      else poweredOff.delete(event.device);
    } else if (event.link !== undefined) {
      const reason = event.layers[0]?.reason ?? '';
      if (reason.endsWith('the cable was cut')) cutLinks.add(event.link);
      else if (reason.endsWith('the cable was restored')) cutLinks.delete(event.link);
    }
  }
  return { cutLinks, poweredOff };
}

let seenEvents: readonly TraceEvent[] | null = null;
let seenStates: TraceEvent[] = [];

/** The state events of the store's current window, found once per new window. */
function statesOf(events: readonly TraceEvent[]): TraceEvent[] {
  if (events !== seenEvents) {
    seenEvents = events;
    seenStates = stateEvents(events);
  }
  return seenStates;
}

/** Is this cable cut as of the playback cursor (before any event is selected, as the engine is now)? A boolean, so only its own cable re-renders. */
export function useCableCutAtCursor(linkId: string): boolean {
  return useTraceStore((s) => hardwareStateAt(statesOf(s.events), s.cursor).cutLinks.has(linkId));
}

export function usePoweredOffAtCursor(deviceId: string): boolean {
  return useTraceStore((s) => hardwareStateAt(statesOf(s.events), s.cursor).poweredOff.has(deviceId));
}

/** As the engine is now: what the next action changes. */
export function useCableCutNow(linkId: string): boolean {
  return useTraceStore((s) => hardwareStateAt(statesOf(s.events), null).cutLinks.has(linkId));
}

export function usePoweredOffNow(deviceId: string): boolean {
  return useTraceStore((s) => hardwareStateAt(statesOf(s.events), null).poweredOff.has(deviceId));
}
