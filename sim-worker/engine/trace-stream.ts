/**
 * How the worker streams the trace to the app: it runs the simulation in
 * slices and, when a batch is due (`BatchPacing`), takes the events recorded
 * since it last took them. Only the newest `SEND_WINDOW` of those are made into events and
 * sent (the app keeps no more); older ones are skipped and counted. Events
 * are made when taken, from the trace's compact records, not as they
 * happen: a long run pays for wording only the events that are sent.
 *
 * The benchmark streams through this same class with the same pacing, so its
 * "tracing on" figure is what the worker does.
 */
import type { TraceEvent } from '../api';
import { DEFAULT_TRACE_WINDOW, type TraceRecorder } from './trace';

/** Scheduler tasks per slice, between which the worker listens for messages. */
export const SLICE_TASKS = 4_000;
/** While a long run goes on, its first batch goes out after this many tasks (about a quarter of a second's work), so the page soon sees it go on… */
const FIRST_BATCH_TASKS = 64_000;
/** …and each later one after twice as many as the wait before, up to this: a long run's earlier events are mostly pushed out of the app's window by later ones, so making them is mostly wasted. */
const LONGEST_BATCH_TASKS = 512_000;
/** The app keeps this many events (app/store/trace-store.ts): older ones are skipped rather than sent to be thrown away. */
export const SEND_WINDOW = DEFAULT_TRACE_WINDOW;

/** Says when the next batch of a run is due, counted in tasks run, not in wall time: which events a run's batches carry is then the same on every machine. */
export class BatchPacing {
  private wait = FIRST_BATCH_TASKS;
  private since = 0;

  /** Counts `tasks` more tasks run; true when a batch is due. */
  due(tasks: number): boolean {
    this.since += tasks;
    if (this.since < this.wait) return false;
    this.since = 0;
    this.wait = Math.min(2 * this.wait, LONGEST_BATCH_TASKS);
    return true;
  }
}

export class TraceStream {
  /** Events recorded but never sent: skipped for being older than the window, or gone from the trace first. */
  skipped = 0;
  /** The seq of the first event not yet taken. */
  private next: number;

  constructor(
    private readonly trace: TraceRecorder,
    private readonly window = SEND_WINDOW,
  ) {
    this.next = trace.upcomingSeq;
  }

  /** The events recorded since the last take, the newest `window` at most, oldest first. */
  take(): TraceEvent[] {
    const end = this.trace.upcomingSeq;
    const from = Math.max(this.next, end - this.window, this.trace.firstSeq);
    this.skipped += from - this.next;
    this.next = end;
    return this.trace.eventsFrom(from);
  }
}
