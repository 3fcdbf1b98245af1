/**
 * The page-load timeline as a waterfall, like a browser's network panel: each
 * request's phases placed on one shared time axis, and the event each phase
 * starts with. Pure, so it is tested without a DOM.
 */
import type { PagePhase, PagePhaseName, PageTimeline, TraceEvent } from '../../sim-worker/api';

/** One page load: the browser's last app event carries its timeline. */
export interface BrowseRun {
  /** Seq of the event that carries the timeline. */
  seq: number;
  device: string;
  run: number;
  timeline: PageTimeline;
}

export const PHASE_LABELS: Record<PagePhaseName, string> = {
  dns: 'DNS lookup',
  connect: 'TCP connect',
  tls: 'TLS handshake',
  request: 'Request sent',
  waiting: 'Waiting for the server',
  response: 'Response',
};

export const PHASE_HINTS: Record<PagePhaseName, string> = {
  dns: 'finding the server’s address: the resolver walks root → TLD → authoritative',
  connect: 'the three-way handshake: SYN, SYN-ACK, ACK',
  tls: 'ClientHello, ServerHello and the encrypted handshake up to Finished',
  request: 'the HTTP request leaves the browser',
  waiting: 'until the first byte of the response arrives (time to first byte)',
  response: 'the rest of the response arrives',
};

export interface WaterfallBar {
  name: PagePhaseName;
  start: number;
  duration: number;
  /** Where the bar sits on the axis, as fractions of the whole load (0..1). */
  left: number;
  width: number;
  /** The phase's own events (every hop of every frame in it). */
  eventCount: number;
  phase: PagePhase;
}

export interface WaterfallRequest {
  url: string;
  status?: number;
  reusedConnection: boolean;
  bars: WaterfallBar[];
}

export interface Waterfall {
  /** Simulated ns: the first phase's start and the last phase's end. */
  start: number;
  end: number;
  requests: WaterfallRequest[];
}

/** Every page load in the trace, oldest first. */
export function browseRuns(events: readonly TraceEvent[]): BrowseRun[] {
  const runs: BrowseRun[] = [];
  for (const e of events) {
    if (e.app?.timeline) runs.push({ seq: e.seq, device: e.device, run: e.app.run, timeline: e.app.timeline });
  }
  return runs;
}

export function waterfall(timeline: PageTimeline): Waterfall {
  const phases = timeline.requests.flatMap((r) => r.phases);
  if (phases.length === 0) return { start: 0, end: 0, requests: timeline.requests.map((r) => ({ ...r, bars: [] })) };
  const start = Math.min(...phases.map((p) => p.start));
  const end = Math.max(...phases.map((p) => p.start + p.duration));
  const span = Math.max(1, end - start);
  return {
    start,
    end,
    requests: timeline.requests.map((r) => ({
      url: r.url,
      status: r.status,
      reusedConnection: r.reusedConnection,
      bars: r.phases.map((phase) => ({
        name: phase.name,
        start: phase.start,
        duration: phase.duration,
        left: (phase.start - start) / span,
        width: phase.duration / span,
        eventCount: phase.seqs.length,
        phase,
      })),
    })),
  };
}

/**
 * The event to select for a phase: its first own event, or for a phase with
 * none of its own (waiting: the browser sends nothing) the first event in the
 * trace at or after the phase began.
 */
export function firstEventOfPhase(phase: PagePhase, events: readonly TraceEvent[]): number | null {
  if (phase.seqs.length > 0) return Math.min(...phase.seqs);
  return events.find((e) => e.t >= phase.start)?.seq ?? null;
}
