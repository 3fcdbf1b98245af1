/**
 * The typed contract between the engine (in a Worker or in Node) and the app.
 * Everything here is structured-clone safe.
 */
import type { NetworkDocument } from './document/schema';
import type { Lesson, StepResult } from './lessons/schema';
import type { OsiLayer } from './wire/fields';

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** 'state': a device was powered off or on, or an interface's link went down or came up (a cable cut or restored). */
export type TraceEventType = 'send' | 'receive' | 'forward' | 'flood' | 'deliver' | 'drop' | 'app' | 'state';

/** What a device did at one layer, in plain words. */
export interface LayerNote {
  layer: OsiLayer;
  protocol: string;
  reason: string;
}

export interface TraceFrame {
  /**
   * Follows the same packet across hops, so the OSI view can compare them. A
   * switch or hub forwards the very same bytes. A router forwards under the same
   * id but with new bytes: new MAC addresses, TTL one lower, a patched header
   * checksum (that difference is the lesson). A packet a device makes itself,
   * an ICMP error or reply included, gets a new id.
   */
  id: number;
  bytes: Uint8Array;
}

export interface TraceEvent {
  seq: number;
  /** Simulated time in integer nanoseconds. */
  t: number;
  /** Device id (as in the document). */
  device: string;
  interface?: string;
  link?: string;
  type: TraceEventType;
  /** Highest protocol in the frame ("ARP", "ICMP", "IPv4", "Ethernet") or the app ("ping"). */
  protocol: string;
  /** One line for the event list. */
  summary: string;
  layers: LayerNote[];
  frame?: TraceFrame;
  /** On a send: the device at the other end of the link and when the last bit arrives there. */
  hop?: { toDevice: string; toInterface: string; arriveAt: number };
  /** On an app event: the line the app prints, and which run of the app it belongs to. */
  app?: { name: string; run: number; line: string; timeline?: PageTimeline };
}

/** The phases of one HTTP request, as a browser's network panel shows them. */
export type PagePhaseName = 'dns' | 'connect' | 'tls' | 'request' | 'waiting' | 'response';

export interface PagePhase {
  name: PagePhaseName;
  /** Simulated time in ns when the phase began, and how long it took. */
  start: number;
  duration: number;
  /** The events that made it: every hop of every frame the browser sent or received in it (for dns, every DNS frame, the resolver's walk included). */
  seqs: number[];
}

export interface PageRequestTiming {
  url: string;
  /** The response's status code; left out when no response came. */
  status?: number;
  /** True when the request went over a connection kept alive from the one before: no dns, connect or tls phase. */
  reusedConnection: boolean;
  phases: PagePhase[];
}

/** A page load, redirects included: on the browser's last app event (`app.timeline`). */
export interface PageTimeline {
  url: string;
  requests: PageRequestTiming[];
  /** Why the load stopped short, as the browser said it. */
  error?: string;
}

export type Action =
  | { kind: 'ping'; device: string; target: string; count?: number; intervalMs?: number; timeoutMs?: number; size?: number }
  /** Linux traceroute's defaults when left out (apps/traceroute.ts): 30 hops, 3 probes a hop, 5 s wait, 16 probes out at once. */
  | { kind: 'traceroute'; device: string; target: string; maxHops?: number; queries?: number; waitMs?: number; simultaneous?: number }
  /** Cuts a cable (up: false) or restores it (up: true). */
  | { kind: 'link'; link: string; up: boolean }
  /** Powers a device off or on; on again, it starts afresh, as after a boot. */
  | { kind: 'power'; device: string; on: boolean }
  /** `dhclient` (renew: extend the lease, or look for one) or `dhclient -r` (release); left out, the device's first interface set to DHCP. */
  | { kind: 'dhcp'; device: string; interface?: string; op: 'renew' | 'release' }
  /** nslookup: asks the device's first DNS server for a name (type A when left out) and prints the answer as BIND's nslookup does. */
  | { kind: 'nslookup'; device: string; name: string; type?: 'A' | 'AAAA' | 'CNAME' | 'MX' | 'NS' | 'TXT' }
  /** GET a URL (http or https, a host name or IPv4 address) and follow up to 5 redirects, like `curl -i -L`. */
  | { kind: 'browse'; device: string; url: string };

/** 'duplicate-address': a device heard another one claim its own IPv4 address (RFC 5227 §2.4). */
export type NoticeKind = 'loop' | 'trace-trimmed' | 'stopped' | 'duplicate-address';

export interface Notice {
  kind: NoticeKind;
  message: string;
  devices?: string[];
}

/** A batch of events streamed from the engine. */
export interface TraceBatch {
  events: TraceEvent[];
  /** Events the engine made but never sent, because newer ones pushed them out of the window (a storm). */
  dropped: number;
  notices: Notice[];
  /** False once the engine has nothing more to do (or was stopped). */
  running: boolean;
  /** Engine time in ns after this batch. */
  now: number;
}

/** A live table (MAC table, ARP cache) as of some event, ready to show. */
export interface DeviceTable {
  name: string;
  title: string;
  columns: string[];
  rows: string[][];
  /** Said when the table is empty. */
  empty: string;
}

export type CaptureScope =
  | { kind: 'all' }
  | { kind: 'link'; link: string }
  | { kind: 'interface'; device: string; interface: string };

export interface SimApi {
  /** Replace the network; clears the trace and starts at time 0. */
  load(doc: NetworkDocument, seed?: number): Promise<Result<void>>;
  /** Start an action now (engine time) and run until the network is quiet. */
  act(action: Action): Promise<Result<void>>;
  /** Stop a long run (a broadcast storm, say). */
  stop(): Promise<void>;
  /** Receives every batch of events as the engine produces it. */
  onEvents(callback: (batch: TraceBatch) => void): Promise<void>;
  tables(device: string, atSeq: number): Promise<DeviceTable[]>;
  /** The address each computer or server on DHCP holds as of an event, by device id (none yet: left out). */
  leases(atSeq: number): Promise<Record<string, string>>;
  capture(scope: CaptureScope): Promise<Result<Uint8Array>>;
  /** Runs a lesson step's checks on a network of its own (the main trace is untouched). */
  checkStep(lesson: Lesson, stepIndex: number, doc: NetworkDocument): Promise<Result<StepResult>>;
}
