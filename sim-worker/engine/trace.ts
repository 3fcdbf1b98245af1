/**
 * The trace recorder: every event the engine makes goes through here. It
 * numbers events, counts them by type, keeps a bounded window of them (a
 * broadcast storm must not eat all memory) and hands each one to the sinks
 * that listen (the worker's batcher, the CLI, tests).
 *
 * Cheap to record, complete when read: an event's protocol and summary are
 * worked out from its frame bytes, and a reason given as a function is
 * called, only when the event is first read — through a sink, `events` or
 * `find`. What is read is the same as if it had been made at once, because
 * frame bytes never change after they are sent and a reason function only
 * uses values fixed when the event happened.
 *
 * Reduced to counters (`detailed` false), the recorder keeps no events and
 * calls no sinks: it only numbers and counts them, and devices may skip
 * wording reasons nobody will read.
 */
import type { LayerNote, TraceEvent, TraceEventType } from '../api';
import { summarizeFrame } from '../wire/frame';

/** A reason in words, or a function that words it when the event is read. */
export type Reason = string | (() => string);

/** A LayerNote as recorded: its reason may still be a function. */
export interface NoteInput {
  layer: LayerNote['layer'];
  protocol: string;
  reason: Reason;
}

export type EventInput = Omit<TraceEvent, 'seq' | 't' | 'protocol' | 'summary' | 'layers'> & { protocol?: string; summary?: string; layers: NoteInput[] };

export type TraceSink = (event: TraceEvent) => void;

export type TraceCounts = Record<TraceEventType, number>;

export const DEFAULT_TRACE_WINDOW = 50_000;

/** Frames whose protocol and summary are remembered, by frame id: enough for one frame's hops and the events about it. */
const SUMMARY_CACHE_SIZE = 1024;

interface Described {
  bytes: Uint8Array;
  protocol: string;
  summary: string;
}

export class TraceRecorder {
  /** Events dropped from the front of the window so far. */
  dropped = 0;
  /** Events recorded so far, by type (kept in both modes). */
  readonly counts: TraceCounts = { send: 0, receive: 0, forward: 0, flood: 0, deliver: 0, drop: 0, app: 0, state: 0 };
  private held: TraceEvent[] = [];
  private start = 0;
  private nextSeq = 1;
  /** Events before this index of `held` have been read, so are complete. */
  private readUpTo = 0;
  private sinks: TraceSink[] = [];
  private described: (Described | undefined)[] = new Array(SUMMARY_CACHE_SIZE).fill(undefined);

  constructor(
    private readonly clock: { now: number },
    private readonly windowSize = DEFAULT_TRACE_WINDOW,
    /** False: counters only, no events kept or sent to sinks. */
    readonly detailed = true,
  ) {}

  /** The seq the next recorded event will get: table changes are stamped with it. */
  get upcomingSeq(): number {
    return this.nextSeq;
  }

  get events(): readonly TraceEvent[] {
    if (this.start > 0) this.compact();
    for (let i = this.readUpTo; i < this.held.length; i++) this.complete(this.held[i]);
    this.readUpTo = this.held.length;
    return this.held;
  }

  /** Seq of the oldest event still held. */
  get firstSeq(): number {
    return this.held.length > this.start ? this.held[this.start].seq : this.nextSeq;
  }

  addSink(sink: TraceSink): () => void {
    this.sinks.push(sink);
    return () => {
      this.sinks = this.sinks.filter((s) => s !== sink);
    };
  }

  record(input: EventInput): void {
    this.counts[input.type]++;
    const seq = this.nextSeq++;
    if (!this.detailed) return;
    // Every event gets the same fields in the same order: one object shape keeps the hot path fast.
    this.hold({
      seq, t: this.clock.now, device: input.device, interface: input.interface, link: input.link, type: input.type,
      protocol: input.protocol!, summary: input.summary!, layers: input.layers as LayerNote[], frame: input.frame, hop: input.hop, app: input.app,
    });
  }

  /**
   * `record` for an event about a frame, its protocol and summary worked out
   * from the bytes: what devices record frame after frame. The same event,
   * with no input object to make and read.
   */
  recordFrame(device: string, iface: string, link: string | undefined, type: TraceEventType, frameId: number, bytes: Uint8Array, layers: NoteInput[], hop?: TraceEvent['hop']): void {
    this.counts[type]++;
    const seq = this.nextSeq++;
    if (!this.detailed) return;
    this.hold({
      seq, t: this.clock.now, device, interface: iface, link, type,
      protocol: undefined!, summary: undefined!, layers: layers as LayerNote[], frame: { id: frameId, bytes }, hop, app: undefined,
    });
  }

  private hold(event: TraceEvent): void {
    this.held.push(event);
    if (this.held.length - this.start > this.windowSize) {
      this.start++;
      this.dropped++;
      if (this.start >= this.windowSize) this.compact();
    }
    if (this.sinks.length === 0) return;
    this.complete(event);
    if (this.readUpTo === this.held.length - 1) this.readUpTo = this.held.length;
    for (const sink of this.sinks) sink(event);
  }

  find(seq: number): TraceEvent | undefined {
    const index = this.start + (seq - this.firstSeq);
    if (index < this.start || index >= this.held.length) return undefined;
    return this.complete(this.held[index]);
  }

  private compact(): void {
    this.held = this.held.slice(this.start);
    this.readUpTo = Math.max(0, this.readUpTo - this.start);
    this.start = 0;
  }

  /** Fills in what was left to be worked out when the event is read; reading it again changes nothing. */
  private complete(event: TraceEvent): TraceEvent {
    if (event.summary === undefined || event.protocol === undefined) {
      const described = event.frame ? this.describe(event.frame.id, event.frame.bytes) : undefined;
      event.protocol ??= described ? described.protocol : 'none';
      event.summary ??= described ? described.summary : '';
    }
    const notes = event.layers as NoteInput[];
    for (let i = 0; i < notes.length; i++) {
      const reason = notes[i].reason;
      // A note may be shared by several events: worded once, it is a string for all of them.
      if (typeof reason === 'function') notes[i].reason = reason();
    }
    return event;
  }

  private describe(frameId: number, bytes: Uint8Array): Described {
    const slot = frameId & (SUMMARY_CACHE_SIZE - 1);
    const cached = this.described[slot];
    if (cached && cached.bytes === bytes) return cached;
    const { protocol, summary } = summarizeFrame(bytes);
    return (this.described[slot] = { bytes, protocol, summary });
  }
}
