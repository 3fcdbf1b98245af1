/**
 * The trace recorder: every event the engine makes goes through here. It
 * numbers events, keeps a bounded window of them (a broadcast storm must not
 * eat all memory) and hands each one to the sinks that listen (the worker's
 * batcher, the CLI, tests).
 */
import type { TraceEvent } from '../api';
import { summarizeFrame } from '../wire/frame';

export type EventInput = Omit<TraceEvent, 'seq' | 't' | 'protocol' | 'summary'> & { protocol?: string; summary?: string };

export type TraceSink = (event: TraceEvent) => void;

export const DEFAULT_TRACE_WINDOW = 50_000;

export class TraceRecorder {
  /** Events dropped from the front of the window so far. */
  dropped = 0;
  private held: TraceEvent[] = [];
  private start = 0;
  private nextSeq = 1;
  private sinks: TraceSink[] = [];

  constructor(
    private readonly clock: { now: number },
    private readonly windowSize = DEFAULT_TRACE_WINDOW,
  ) {}

  /** The seq the next recorded event will get: table changes are stamped with it. */
  get upcomingSeq(): number {
    return this.nextSeq;
  }

  get events(): readonly TraceEvent[] {
    if (this.start > 0) this.compact();
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

  record(input: EventInput): TraceEvent {
    const described = input.protocol !== undefined && input.summary !== undefined ? undefined
      : input.frame ? summarizeFrame(input.frame.bytes) : { protocol: 'none', summary: '' };
    const protocol = input.protocol ?? described!.protocol;
    const summary = input.summary ?? described!.summary;
    // Every event gets the same fields in the same order: one object shape keeps the hot path fast.
    const event: TraceEvent = {
      seq: this.nextSeq++, t: this.clock.now, device: input.device, interface: input.interface, link: input.link, type: input.type,
      protocol, summary, layers: input.layers, frame: input.frame, hop: input.hop, app: input.app,
    };
    this.held.push(event);
    if (this.held.length - this.start > this.windowSize) {
      this.start++;
      this.dropped++;
      if (this.start >= this.windowSize) this.compact();
    }
    for (const sink of this.sinks) sink(event);
    return event;
  }

  find(seq: number): TraceEvent | undefined {
    const index = this.start + (seq - this.firstSeq);
    return index >= this.start && index < this.held.length ? this.held[index] : undefined;
  }

  private compact(): void {
    this.held = this.held.slice(this.start);
    this.start = 0;
  }
}
