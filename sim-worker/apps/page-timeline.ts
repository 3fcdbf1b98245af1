/**
 * The timing of a page load, phase by phase, as a browser's network panel
 * shows it: dns, connect, tls, request, waiting (time to first byte),
 * response. The browser marks where each phase begins and ends; at the end
 * the events that made each phase are found in the trace: every hop of every
 * frame the browser sent or received during it (for dns, every DNS frame in
 * the network meanwhile, so the resolver's walk from the root counts too).
 */
import type { PagePhase, PagePhaseName, PageRequestTiming, PageTimeline, TraceEvent } from '../api';
import type { SimContext } from '../engine/context';
import { ETHERNET_HEADER_LENGTH, ETHERTYPE_ARP, ETHERTYPE_IPV4 } from '../wire/ethernet';
import { IP_PROTO_TCP, IP_PROTO_UDP } from '../wire/ipv4';

/** The browser's end of a TCP connection: the frames that belong to one request. */
export interface Flow {
  localPort: number;
  remote: number;
  remotePort: number;
}

interface OpenPhase {
  name: PagePhaseName;
  start: number;
  end?: number;
  /** The first event of the phase: it owns the browser's frames from here until the next phase begins. */
  fromSeq: number;
}

interface RequestMarks {
  url: string;
  status?: number;
  reusedConnection: boolean;
  flow?: Flow;
  phases: OpenPhase[];
}

const DNS_PORT = 53;

export class PageTimelineRecorder {
  private readonly requests: RequestMarks[] = [];
  private readonly firstSeq: number;

  constructor(private readonly ctx: SimContext, private readonly deviceId: string, private readonly url: string) {
    this.firstSeq = ctx.trace.upcomingSeq;
  }

  /** A new request (the first, or one after a redirect). */
  request(url: string, reusedConnection: boolean, flow?: Flow): void {
    this.requests.push({ url, reusedConnection, flow, phases: [] });
  }

  set flow(flow: Flow) {
    this.current.flow = flow;
  }

  set status(status: number) {
    this.current.status = status;
  }

  begin(name: PagePhaseName): void {
    this.current.phases.push({ name, start: this.ctx.scheduler.now, fromSeq: this.ctx.trace.upcomingSeq });
  }

  /** Ends the phase of that name if it is open (a failure may leave one open). */
  end(name: PagePhaseName): void {
    const phase = this.current.phases.find((p) => p.name === name && p.end === undefined);
    if (phase) phase.end = this.ctx.scheduler.now;
  }

  /** The finished timeline; open phases end now. */
  finish(error?: string): PageTimeline {
    const now = this.ctx.scheduler.now;
    const frames = this.ctx.trace.detailed ? this.attributeFrames() : new Map<OpenPhase, Set<number>>();
    const events = this.ctx.trace.detailed ? this.ctx.trace.events.filter((e) => e.seq >= this.firstSeq && e.frame) : [];
    const requests = this.requests.map((r): PageRequestTiming => {
      const phases = r.phases.map((p): PagePhase => {
        const ids = frames.get(p) ?? new Set<number>();
        const seqs = events.filter((e) => ids.has(e.frame!.id)).map((e) => e.seq);
        return { name: p.name, start: p.start, duration: (p.end ?? now) - p.start, seqs };
      });
      settleRequestPhase(phases, events, this.deviceId);
      return { url: r.url, ...(r.status !== undefined && { status: r.status }), reusedConnection: r.reusedConnection, phases };
    });
    return { url: this.url, requests, ...(error !== undefined && { error }) };
  }

  private get current(): RequestMarks {
    return this.requests[this.requests.length - 1];
  }

  /**
   * Which frames each phase owns. A frame the browser sent or received on its
   * connection (or an ARP frame it sent or received) belongs to the phase
   * under way when the browser met it; TCP may send a little after the phase
   * that asked it to, so while waiting, data the browser sends is still the
   * request and data it receives is already the response. The dns phase owns
   * every DNS frame in the network while it lasts.
   */
  private attributeFrames(): Map<OpenPhase, Set<number>> {
    const all = this.requests.flatMap((r) => r.phases.map((phase) => ({ phase, request: r })));
    const owned = new Map<OpenPhase, Set<number>>(all.map(({ phase }) => [phase, new Set<number>()]));
    const byName = (r: RequestMarks, name: PagePhaseName) => r.phases.find((p) => p.name === name);
    let at = 0;
    for (const e of this.ctx.trace.events) {
      if (e.seq < this.firstSeq || !e.frame) continue;
      while (at + 1 < all.length && all[at + 1].phase.fromSeq <= e.seq) at++;
      const current = all[at];
      if (!current || current.phase.fromSeq > e.seq) continue;
      const kind = frameKind(e.frame.bytes);
      if (kind.dns) {
        if (current.phase.name === 'dns') owned.get(current.phase)!.add(e.frame.id);
        continue;
      }
      const flow = current.request.flow;
      if (e.device !== this.deviceId || !(kind.arp || (flow && isFlow(kind, flow)))) continue;
      let owner = current.phase;
      if (owner.name === 'waiting' && carriesData(e.frame.bytes)) owner = byName(current.request, e.type === 'send' ? 'request' : 'response') ?? owner;
      owned.get(owner)!.add(e.frame.id);
    }
    return owned;
  }
}

/**
 * The request phase lasts until its last segment has reached the next hop
 * (handing bytes to TCP takes no simulated time); waiting starts then.
 */
function settleRequestPhase(phases: PagePhase[], events: readonly TraceEvent[], deviceId: string): void {
  const request = phases.find((p) => p.name === 'request');
  const waiting = phases.find((p) => p.name === 'waiting');
  if (!request || !waiting) return;
  const mine = new Set(request.seqs);
  let sentUntil = request.start;
  for (const e of events) {
    if (mine.has(e.seq) && e.device === deviceId && e.type === 'send' && e.hop && carriesData(e.frame!.bytes)) sentUntil = Math.max(sentUntil, e.hop.arriveAt);
  }
  const waitingEnd = waiting.start + waiting.duration;
  const requestEnd = Math.min(sentUntil, waitingEnd);
  request.duration = requestEnd - request.start;
  waiting.start = requestEnd;
  waiting.duration = waitingEnd - requestEnd;
}

interface FrameKind {
  arp?: boolean;
  dns?: boolean;
  tcp?: { src: number; dst: number; srcPort: number; dstPort: number };
}

/** What the timeline needs to know of a frame, read from its bytes. */
function frameKind(bytes: Uint8Array): FrameKind {
  if (bytes.length < ETHERNET_HEADER_LENGTH + 20) return {};
  const etherType = (bytes[12] << 8) | bytes[13];
  if (etherType === ETHERTYPE_ARP) return { arp: true };
  if (etherType !== ETHERTYPE_IPV4) return {};
  const ip = ETHERNET_HEADER_LENGTH;
  const l4 = ip + (bytes[ip] & 0x0f) * 4;
  if (bytes.length < l4 + 4) return {};
  const word = (at: number) => (bytes[at] << 8) | bytes[at + 1];
  const address = (at: number) => ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
  const protocol = bytes[ip + 9];
  const srcPort = word(l4);
  const dstPort = word(l4 + 2);
  if ((protocol === IP_PROTO_UDP || protocol === IP_PROTO_TCP) && (srcPort === DNS_PORT || dstPort === DNS_PORT)) return { dns: true };
  if (protocol !== IP_PROTO_TCP) return {};
  return { tcp: { src: address(ip + 12), dst: address(ip + 16), srcPort, dstPort } };
}

function isFlow(kind: FrameKind, flow: Flow): boolean {
  const t = kind.tcp;
  if (!t) return false;
  return (t.srcPort === flow.localPort && t.dst === flow.remote && t.dstPort === flow.remotePort)
    || (t.dstPort === flow.localPort && t.src === flow.remote && t.srcPort === flow.remotePort);
}

/** A TCP segment with payload (not a bare ACK). */
function carriesData(bytes: Uint8Array): boolean {
  const ip = ETHERNET_HEADER_LENGTH;
  const totalLength = (bytes[ip + 2] << 8) | bytes[ip + 3];
  const ipHeader = (bytes[ip] & 0x0f) * 4;
  const tcpHeader = (bytes[ip + ipHeader + 12] >> 4) * 4;
  return bytes[ip + 9] === IP_PROTO_TCP && totalLength > ipHeader + tcpHeader;
}
