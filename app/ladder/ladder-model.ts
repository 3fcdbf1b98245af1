/**
 * A ladder (sequence) diagram of one conversation, built from the trace: the
 * two endpoints and every device between them as lifelines, one arrow per
 * hop of every frame the two exchanged, and the endpoints' own notes (the
 * TLS and HTTP steps an app took) where they happened.
 *
 * A frame belongs to the conversation when it left one endpoint and reached
 * the other; frames of the same TCP or UDP flow that were lost on the way
 * belong too, so a retransmission shows what it repaired.
 */
import type { TraceEvent } from '../../sim-worker/api';
import { describeFrame } from '../../sim-worker/wire/frame';

/** A TCP or UDP flow as endpoint `a` sees it. */
export interface Flow {
  protocol: 'TCP' | 'UDP';
  localPort: number;
  remotePort: number;
}

export interface LadderArrow {
  kind: 'arrow';
  /** The send event: clicking the arrow selects it. */
  seq: number;
  t: number;
  arriveAt: number;
  from: number;
  to: number;
  label: string;
  /** The whole summary, for a tooltip. */
  detail: string;
  protocol: string;
  /** The frame never reached the device at the arrow's head. */
  lost: boolean;
}

export interface LadderNote {
  kind: 'note';
  seq: number;
  t: number;
  lifeline: number;
  label: string;
  protocol: string;
  /** A frame of the conversation was dropped here. */
  dropped: boolean;
}

export type LadderRow = LadderArrow | LadderNote;

export interface Ladder {
  /** Device ids, endpoint `a` first and `b` last, the path between them in order. */
  lifelines: string[];
  rows: LadderRow[];
}

/** Labels longer than this are cut (the tooltip has the whole summary); the diagram wraps them to fit. */
export const LABEL_MAX = 60;

/** The arrow's words: TCP's flags (and data length), TLS's record types, otherwise the summary. */
export function arrowLabel(event: Pick<TraceEvent, 'protocol' | 'summary'>): string {
  if (event.protocol === 'TCP') {
    const flags = /\[([^\]]*)\]/.exec(event.summary)?.[1];
    const length = Number(/\bLen=(\d+)/.exec(event.summary)?.[1] ?? 0);
    if (flags !== undefined) return length > 0 ? `${flags} · ${length} bytes` : flags;
  }
  if (event.protocol === 'TLS') return shorten(collapseRepeats(event.summary));
  return shorten(event.summary);
}

/** "Application Data, Application Data, Application Data" → "Application Data ×3". */
function collapseRepeats(summary: string): string {
  const parts = summary.split(', ');
  const out: string[] = [];
  let count = 0;
  parts.forEach((part, i) => {
    count++;
    if (parts[i + 1] === part) return;
    out.push(count > 1 ? `${part} ×${count}` : part);
    count = 0;
  });
  return out.join(', ');
}

function shorten(text: string): string {
  return text.length <= LABEL_MAX ? text : `${text.slice(0, LABEL_MAX - 1)}…`;
}

/** The TCP or UDP ports of a frame, or undefined for anything else. */
function portsOf(event: TraceEvent): { protocol: 'TCP' | 'UDP'; src: number; dst: number } | undefined {
  if (!event.frame) return undefined;
  for (const layer of describeFrame(event.frame.bytes)) {
    if (layer.layer !== 4 || (layer.protocol !== 'TCP' && layer.protocol !== 'UDP')) continue;
    const src = Number(layer.fields.find((f) => f.name === 'src-port')?.value);
    const dst = Number(layer.fields.find((f) => f.name === 'dst-port')?.value);
    if (Number.isInteger(src) && Number.isInteger(dst)) return { protocol: layer.protocol, src, dst };
  }
  return undefined;
}

function flowKey(flow: Flow): string {
  return `${flow.protocol} ${flow.localPort} ${flow.remotePort}`;
}

function arrived(e: TraceEvent): boolean {
  return e.type === 'receive' || e.type === 'deliver';
}

interface Journey {
  events: TraceEvent[];
  /** Which endpoint sent it. */
  from: 'a' | 'b';
  delivered: boolean;
  flow?: Flow;
}

/** Every frame that left `a` or `b`, with the flow it belongs to as `a` sees it. */
function journeys(events: readonly TraceEvent[], a: string, b: string): Journey[] {
  const byFrame = new Map<number, TraceEvent[]>();
  for (const e of events) {
    if (!e.frame) continue;
    const list = byFrame.get(e.frame.id);
    if (list) list.push(e);
    else byFrame.set(e.frame.id, [e]);
  }
  const out: Journey[] = [];
  for (const list of byFrame.values()) {
    const first = list[0];
    if (first.type !== 'send' || (first.device !== a && first.device !== b)) continue;
    const from = first.device === a ? 'a' : 'b';
    const other = from === 'a' ? b : a;
    const arrival = list.find((e) => e.device === other && arrived(e));
    // The flow as `a` sees it: from a's own copy of the frame (after any NAT on the way), or the sender's if it never got there.
    const atA = from === 'a' ? first : arrival;
    const ports = portsOf(atA ?? first);
    const flow = ports && { protocol: ports.protocol, localPort: from === 'a' ? ports.src : ports.dst, remotePort: from === 'a' ? ports.dst : ports.src };
    out.push({ events: list, from, delivered: arrival !== undefined, flow });
  }
  return out;
}

/** The TCP and UDP flows between `a` and `b` that carried a frame from one to the other, in order of first use. */
export function conversationFlows(events: readonly TraceEvent[], a: string, b: string): Flow[] {
  const seen = new Map<string, Flow>();
  for (const j of journeys(events, a, b)) {
    if (j.delivered && j.flow && !seen.has(flowKey(j.flow))) seen.set(flowKey(j.flow), j.flow);
  }
  return [...seen.values()];
}

/** The devices `a` has exchanged frames with, most recent first. */
export function peersOf(events: readonly TraceEvent[], a: string): string[] {
  const lastSeen = new Map<string, number>();
  const origin = new Map<number, string>();
  for (const e of events) {
    if (!e.frame) continue;
    const from = origin.get(e.frame.id);
    if (from === undefined) {
      if (e.type === 'send') origin.set(e.frame.id, e.device);
      continue;
    }
    if (!arrived(e) || e.device === from) continue;
    if (from === a) lastSeen.set(e.device, e.seq);
    else if (e.device === a) lastSeen.set(from, e.seq);
  }
  return [...lastSeen.entries()].sort((x, y) => y[1] - x[1]).map(([device]) => device);
}

/** The devices a frame crossed, in order, starting where it was sent. */
function pathOf(list: readonly TraceEvent[]): string[] {
  const path = [list[0].device];
  for (const e of list) {
    if (e.type === 'send' && e.hop && !path.includes(e.hop.toDevice)) path.push(e.hop.toDevice);
  }
  return path;
}

export function buildLadder(events: readonly TraceEvent[], a: string, b: string, flow?: Flow): Ladder {
  if (a === b) return { lifelines: [a], rows: [] };
  const all = journeys(events, a, b);
  const flows = new Set(all.filter((j) => j.delivered && j.flow).map((j) => flowKey(j.flow!)));
  const wanted = flow ? flowKey(flow) : null;
  const chosen = all.filter((j) => {
    const key = j.flow ? flowKey(j.flow) : null;
    if (wanted !== null) return key === wanted;
    // Lost frames belong when their flow carried others across.
    return j.delivered || (key !== null && flows.has(key));
  });

  const lifelines = [a];
  const firstDelivered = chosen.find((j) => j.delivered);
  if (firstDelivered) {
    const path = pathOf(firstDelivered.events);
    const forward = firstDelivered.from === 'a' ? path : path.slice().reverse();
    for (const device of forward) if (device !== a && device !== b) lifelines.push(device);
  }
  lifelines.push(b);
  const column = new Map(lifelines.map((device, i) => [device, i]));

  const rows: LadderRow[] = [];
  for (const j of chosen) {
    for (const e of j.events) {
      if (e.type === 'drop' && column.has(e.device)) {
        rows.push({ kind: 'note', seq: e.seq, t: e.t, lifeline: column.get(e.device)!, label: shorten(`dropped: ${arrowLabel(e)}`), protocol: e.protocol, dropped: true });
      }
      if (e.type !== 'send' || !e.hop) continue;
      const from = column.get(e.device);
      const to = column.get(e.hop.toDevice);
      if (from === undefined || to === undefined) continue;
      const toDevice = e.hop.toDevice;
      const lost = !j.events.some((later) => later.seq > e.seq && later.device === toDevice);
      rows.push({ kind: 'arrow', seq: e.seq, t: e.t, arriveAt: e.hop.arriveAt, from, to, label: arrowLabel(e), detail: e.summary, protocol: e.protocol, lost });
    }
  }
  if (rows.length === 0) return { lifelines, rows };

  // The endpoints' own steps (ClientHello built, GET sent inside TLS) while the conversation ran.
  const start = Math.min(...rows.map((r) => r.t));
  const end = Math.max(...rows.map((r) => (r.kind === 'arrow' ? r.arriveAt : r.t)));
  for (const e of events) {
    if (e.type !== 'app' || e.app || e.t < start || e.t > end) continue;
    const lifeline = e.device === a ? 0 : e.device === b ? lifelines.length - 1 : -1;
    if (lifeline !== -1) rows.push({ kind: 'note', seq: e.seq, t: e.t, lifeline, label: shorten(e.summary), protocol: e.protocol, dropped: false });
  }
  rows.sort((x, y) => x.seq - y.seq);
  return { lifelines, rows };
}

export function describeFlow(flow: Flow): string {
  return `${flow.protocol} port ${flow.localPort} ↔ ${flow.remotePort}`;
}
