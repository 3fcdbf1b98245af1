/**
 * The trace recorder: every event the engine makes goes through here. It
 * numbers events, counts them by type, keeps a bounded window of them (a
 * broadcast storm must not eat all memory) and hands each one to the sinks
 * that listen (the worker's batcher, the CLI, tests).
 *
 * Cheap to record, complete when read: an event about a frame is held as a
 * few numbers and references, made into a `TraceEvent` only when it is read
 * (through a sink, `events` or `find`); its protocol and summary are worked
 * out from its frame bytes, and a reason given as a function is called, then.
 * What is read is the same as if it had been made at once, because frame
 * bytes never change after they are sent and a reason function only uses
 * values fixed when the event happened. A sink's copy of an event is its own:
 * one that only looks at it lets it go at once.
 *
 * Reduced to counters (`detailed` false), the recorder keeps no events and
 * calls no sinks: it only numbers and counts them, and devices may skip
 * wording reasons nobody will read.
 */
import type { LayerNote, TraceEvent, TraceEventType, TraceFrame } from '../api';
import { summarizeFrame } from '../wire/frame';

/** A reason in words, or a function that words it when the event is read. */
export type Reason = string | (() => string);

/** A LayerNote as recorded: its reason may still be a function. */
export interface NoteInput {
  layer: LayerNote['layer'];
  protocol: string;
  reason: Reason;
}

/** An app's printed line as recorded: the line may still be a function that words it when the event is read. */
export type AppLineInput = Omit<NonNullable<TraceEvent['app']>, 'line'> & { line: Reason };

/** An event as `record` takes it: its summary and an app's line may be functions, called when it is read (see `complete`). */
export type EventInput = Omit<TraceEvent, 'seq' | 't' | 'protocol' | 'summary' | 'layers' | 'app'> & { protocol?: string; summary?: Reason; layers: NoteInput[]; app?: AppLineInput };

export type TraceSink = (event: TraceEvent) => void;

export type TraceCounts = Record<TraceEventType, number>;

/**
 * The events a simulation holds unless told otherwise: as many as the app
 * keeps (app/store/trace-store.ts), so the tables as of an event and a
 * capture cover exactly the events the app lists. More would only be held
 * to be thrown away, and what is held long costs the garbage collector.
 */
export const DEFAULT_TRACE_WINDOW = 20_000;

/** The notes and then one more, in a new array of just that size (the caller's may be shared; pushing onto a short array makes V8 give it room for many more). */
export function withNote(notes: NoteInput[], note: NoteInput): NoteInput[] {
  switch (notes.length) {
    case 0: return [note];
    case 1: return [notes[0], note];
    case 2: return [notes[0], notes[1], note];
    case 3: return [notes[0], notes[1], notes[2], note];
    default: return notes.concat([note]);
  }
}

/**
 * The card a frame was sent from, as a send event holds it: the event's
 * device, interface, cable and far end are read from it when the event is
 * (a card stays plugged into the same cable for the life of a simulation).
 */
export interface SendingCard {
  readonly owner: { readonly id: string };
  readonly name: string;
  readonly cable?: { readonly id: string };
  readonly peer?: SendingCard;
}

/** Frames remembered by frame id (their reference, protocol and summary): enough for one frame's hops and the events about it. */
const FRAME_CACHE_SIZE = 1024;

/** A frame as events read refer to it (one reference for all of its events), and once worked out, its protocol and summary. */
interface KnownFrame {
  frame: TraceFrame;
  protocol?: string;
  summary?: string;
}

export class TraceRecorder {
  /** Events dropped from the front of the window so far. */
  dropped = 0;
  /** Events recorded so far, by type (kept in both modes). */
  readonly counts: TraceCounts = { send: 0, receive: 0, forward: 0, flood: 0, deliver: 0, drop: 0, app: 0, state: 0 };
  private nextSeq = 1;
  /** Events held: the newest `held`, at most `windowSize`. */
  private held = 0;
  /** The slot of the next event: the columns below are a ring of `windowSize` slots, the oldest event overwritten first. */
  private nextSlot = 0;
  // The events held, one slot each, in parallel columns: an event about a frame as these few numbers and
  // references, made into a TraceEvent when read. An event recorded whole (`record`) is kept whole in `whole`.
  private whole: (TraceEvent | undefined)[] = [];
  private times: number[] = [];
  private devices: string[] = [];
  private interfaces: string[] = [];
  private links: (string | undefined)[] = [];
  private types: TraceEventType[] = [];
  private frameIds: number[] = [];
  private frameBytes: Uint8Array[] = [];
  private notes: NoteInput[][] = [];
  /**
   * On a send (else undefined): the card it left by, which names its device, interface, cable and far end;
   * layer 1's note, which follows the device's `notes`; and when the frame arrives at the far end.
   */
  private sendingCards: (SendingCard | undefined)[] = [];
  private cableNotes: NoteInput[] = [];
  private hopArrivals: number[] = [];
  /** The events `events` made, kept so that reading it again makes nothing new; the first has seq `readFirstSeq`. */
  private read: TraceEvent[] = [];
  private readFirstSeq = 1;
  private sinks: TraceSink[] = [];
  private known: (KnownFrame | undefined)[] = new Array(FRAME_CACHE_SIZE).fill(undefined);

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
    const first = this.firstSeq;
    if (this.readFirstSeq < first) {
      const gone = first - this.readFirstSeq;
      this.read = gone >= this.read.length ? [] : this.read.slice(gone);
      this.readFirstSeq = first;
    }
    for (let seq = this.readFirstSeq + this.read.length; seq < this.nextSeq; seq++) this.read.push(this.complete(this.made(seq)));
    return this.read;
  }

  /** Seq of the oldest event still held. */
  get firstSeq(): number {
    return this.nextSeq - this.held;
  }

  addSink(sink: TraceSink): () => void {
    this.sinks.push(sink);
    return () => {
      this.sinks = this.sinks.filter((s) => s !== sink);
    };
  }

  record(input: EventInput): void {
    this.counts[input.type]++;
    this.nextSeq++;
    if (!this.detailed) return;
    // Every event gets the same fields in the same order: one object shape keeps the hot path fast.
    // A summary or line given as a function stays one until the event is read (`complete`).
    const event: TraceEvent = {
      seq: this.nextSeq - 1, t: this.clock.now, device: input.device, interface: input.interface, link: input.link, type: input.type,
      protocol: input.protocol!, summary: input.summary as string, layers: input.layers as LayerNote[], frame: input.frame, hop: input.hop, app: input.app as TraceEvent['app'],
    };
    this.whole[this.take()] = event;
    if (this.sinks.length > 0) this.give(this.complete(event));
  }

  /**
   * `record` for an event about a frame, its protocol and summary worked out
   * from the bytes: what devices record frame after frame. The same event,
   * with no object made unless it is read.
   */
  recordFrame(device: string, iface: string, link: string | undefined, type: TraceEventType, frameId: number, bytes: Uint8Array, layers: NoteInput[]): void {
    this.counts[type]++;
    this.nextSeq++;
    if (!this.detailed) return;
    const slot = this.hold(frameId, bytes, layers);
    this.devices[slot] = device;
    this.interfaces[slot] = iface;
    this.links[slot] = link;
    this.types[slot] = type;
    this.sendingCards[slot] = undefined;
    if (this.sinks.length > 0) this.give(this.complete(this.made(this.nextSeq - 1)));
  }

  /**
   * `recordFrame` for a frame sent onto a cable by `card`: its device's
   * notes `layers`, then layer 1's `cableNote` (left out when only
   * counting); it reaches the far end at `arriveAt`. Held as the card and
   * the two notes, joined when read.
   */
  recordSend(card: SendingCard, frameId: number, bytes: Uint8Array, layers: NoteInput[], cableNote: NoteInput | undefined, arriveAt: number): void {
    this.counts.send++;
    this.nextSeq++;
    if (!this.detailed) return;
    const slot = this.hold(frameId, bytes, layers);
    this.sendingCards[slot] = card;
    this.cableNotes[slot] = cableNote!;
    this.hopArrivals[slot] = arriveAt;
    if (this.sinks.length > 0) this.give(this.complete(this.made(this.nextSeq - 1)));
  }

  /** The events from `seq` (or the oldest held, if later) to the newest, each complete. */
  eventsFrom(seq: number): TraceEvent[] {
    const events: TraceEvent[] = [];
    for (let at = Math.max(seq, this.firstSeq); at < this.nextSeq; at++) events.push(this.find(at)!);
    return events;
  }

  find(seq: number): TraceEvent | undefined {
    if (seq < this.firstSeq || seq >= this.nextSeq) return undefined;
    const index = seq - this.readFirstSeq;
    if (index >= 0 && index < this.read.length) return this.read[index];
    return this.complete(this.made(seq));
  }

  /** The slot for the event just numbered, the oldest event's when the window is full. */
  private take(): number {
    const slot = this.nextSlot;
    if (++this.nextSlot === this.windowSize) this.nextSlot = 0;
    if (this.held === this.windowSize) this.dropped++;
    else this.held++;
    return slot;
  }

  /** Takes the slot for an event about a frame and holds what every such event has; the caller holds the rest. */
  private hold(frameId: number, bytes: Uint8Array, layers: NoteInput[]): number {
    const slot = this.take();
    this.whole[slot] = undefined;
    this.times[slot] = this.clock.now;
    this.frameIds[slot] = frameId;
    this.frameBytes[slot] = bytes;
    this.notes[slot] = layers;
    return slot;
  }

  private give(event: TraceEvent): void {
    for (const sink of this.sinks) sink(event);
  }

  /** The held event with this seq, made from its slot (an event about a frame is made anew each time: `complete` it). */
  private made(seq: number): TraceEvent {
    // Counted back from the newest event's slot, round the ring (the window may be unbounded: Infinity).
    const back = this.nextSlot - (this.nextSeq - seq);
    const slot = back >= 0 ? back : back + this.windowSize;
    const whole = this.whole[slot];
    if (whole !== undefined) return whole;
    const frame = this.knownFrame(this.frameIds[slot], this.frameBytes[slot]).frame;
    const card = this.sendingCards[slot];
    if (card === undefined) {
      return {
        seq, t: this.times[slot], device: this.devices[slot], interface: this.interfaces[slot], link: this.links[slot], type: this.types[slot],
        protocol: undefined!, summary: undefined!, layers: this.notes[slot] as LayerNote[], frame, hop: undefined, app: undefined,
      };
    }
    const peer = card.peer!;
    return {
      seq, t: this.times[slot], device: card.owner.id, interface: card.name, link: card.cable!.id, type: 'send',
      protocol: undefined!, summary: undefined!, layers: [...this.notes[slot], this.cableNotes[slot]] as LayerNote[], frame,
      hop: { toDevice: peer.owner.id, toInterface: peer.name, arriveAt: this.hopArrivals[slot] }, app: undefined,
    };
  }

  /** Fills in what was left to be worked out when the event is read; reading it again changes nothing. */
  private complete(event: TraceEvent): TraceEvent {
    const summary = event.summary as Reason | undefined;
    if (typeof summary === 'function') {
      event.summary = summary();
      // An app's line worded by the same function as the summary is the same string.
      if (event.app && (event.app.line as Reason) === summary) event.app.line = event.summary;
    }
    const line = event.app?.line as Reason | undefined;
    if (typeof line === 'function') event.app!.line = line();
    if (event.summary === undefined || event.protocol === undefined) {
      const described = event.frame ? this.describe(event.frame.id, event.frame.bytes) : undefined;
      event.protocol ??= described ? described.protocol! : 'none';
      event.summary ??= described ? described.summary! : '';
    }
    const notes = event.layers as NoteInput[];
    for (let i = 0; i < notes.length; i++) {
      const reason = notes[i].reason;
      // A note may be shared by several events: worded once, it is a string for all of them.
      if (typeof reason === 'function') notes[i].reason = reason();
    }
    return event;
  }

  private knownFrame(frameId: number, bytes: Uint8Array): KnownFrame {
    const slot = frameId & (FRAME_CACHE_SIZE - 1);
    const known = this.known[slot];
    if (known !== undefined && known.frame.bytes === bytes && known.frame.id === frameId) return known;
    return (this.known[slot] = { frame: { id: frameId, bytes } });
  }

  private describe(frameId: number, bytes: Uint8Array): KnownFrame {
    const known = this.knownFrame(frameId, bytes);
    if (known.protocol === undefined || known.summary === undefined) {
      const { protocol, summary } = summarizeFrame(bytes);
      known.protocol = protocol;
      known.summary = summary;
    }
    return known;
  }
}
