/**
 * The trace as the app sees it: a bounded window of the engine's events, the
 * playback cursor over them, and the notices worth telling the learner.
 *
 * The cursor is a `seq`, not an index, so it survives the window being trimmed.
 * Playback steps one event per tick (every hop visible); the tick timer lives
 * here, so components only read state and never animate through React.
 */
import { create } from 'zustand';
import type { NoticeKind, TraceBatch, TraceEvent } from '../../sim-worker/api';

export const TRACE_WINDOW = 20_000;

export type SpeedId = 'slow-motion' | 'slow' | 'normal' | 'fast';

/** Wall-clock milliseconds per event at each playback speed. */
export const SPEEDS: readonly { id: SpeedId; label: string; msPerEvent: number }[] = [
  { id: 'slow-motion', label: 'Slow motion', msPerEvent: 1500 },
  { id: 'slow', label: 'Slow', msPerEvent: 700 },
  { id: 'normal', label: 'Normal', msPerEvent: 300 },
  { id: 'fast', label: 'Fast', msPerEvent: 30 },
];

export function msPerEvent(speed: SpeedId): number {
  return SPEEDS.find((s) => s.id === speed)?.msPerEvent ?? 300;
}

/** The engine's notice kinds plus the app's own. */
export type UiNoticeKind = NoticeKind | 'restart' | 'error';

export interface UiNotice {
  id: number;
  kind: UiNoticeKind;
  message: string;
  devices?: string[];
}

export interface TraceState {
  /** The last TRACE_WINDOW events, in seq order. */
  events: TraceEvent[];
  /** Older events no longer held (by this window or by the engine's). */
  dropped: number;
  /** Seq of the selected event, or null before anything is selected. */
  cursor: number | null;
  playing: boolean;
  speed: SpeedId;
  /** Protocol shown in the event list and stepped through by playback; null = all. */
  filter: string | null;
  /** Every protocol seen since the last reset, sorted (the filter's choices). */
  protocols: string[];
  notices: UiNotice[];
  /** The engine is busy running an action. */
  running: boolean;
  /** Engine time (ns) after the last batch. */
  now: number;
  /** Bumped on every reset, so views can refetch engine state after a reload. */
  generation: number;

  appendBatch(batch: TraceBatch): void;
  /** The engine was (re)loaded: the trace is empty again. Notices stay. */
  reset(): void;
  select(seq: number | null): void;
  stepForward(): void;
  stepBack(): void;
  play(): void;
  pause(): void;
  togglePlay(): void;
  /** Cursor back to the first event, paused. */
  resetPlayback(): void;
  setSpeed(speed: SpeedId): void;
  setFilter(protocol: string | null): void;
  /** An action was sent: jump to its first event when it arrives, and play. */
  actionStarted(): void;
  setRunning(running: boolean): void;
  /** Returns the notice's id (for dismissing it later). */
  addNotice(notice: Omit<UiNotice, 'id'>): number;
  dismissNotice(id: number): void;
}

/** Index of the event with this seq (events are in seq order), or -1. */
export function indexOfSeq(events: readonly TraceEvent[], seq: number | null): number {
  if (seq === null) return -1;
  let lo = 0;
  let hi = events.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const s = events[mid].seq;
    if (s === seq) return mid;
    if (s < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export function cursorIndex(state: Pick<TraceState, 'events' | 'cursor'>): number {
  return indexOfSeq(state.events, state.cursor);
}

/** The event the network is shown as of (its tables, its leased addresses): the selected one, else the newest. */
export function shownSeq(state: TraceState): number {
  if (state.cursor !== null) return state.cursor;
  return state.events.length > 0 ? state.events[state.events.length - 1].seq : 0;
}

export function selectCursorEvent(state: TraceState): TraceEvent | null {
  const i = cursorIndex(state);
  return i === -1 ? null : state.events[i];
}

export function matchesFilter(event: TraceEvent, filter: string | null): boolean {
  return filter === null || event.protocol === filter;
}

function nextMatching(events: readonly TraceEvent[], from: number, filter: string | null): number {
  for (let i = from; i < events.length; i++) if (matchesFilter(events[i], filter)) return i;
  return -1;
}

function previousMatching(events: readonly TraceEvent[], from: number, filter: string | null): number {
  for (let i = from; i >= 0; i--) if (matchesFilter(events[i], filter)) return i;
  return -1;
}

function trimmedMessage(dropped: number, window: number): string {
  return `The trace keeps the last ${window.toLocaleString('en-US')} events; ${dropped.toLocaleString('en-US')} older events were dropped.`;
}

export function createTraceStore(options: { window?: number } = {}) {
  const window = options.window ?? TRACE_WINDOW;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let nextNoticeId = 1;
  /** Set by actionStarted: events with a seq above this are the action's. */
  let jumpAfterSeq: number | null = null;
  let engineDropped = 0;
  let windowDropped = 0;
  /** Engine notices the learner dismissed; they stay quiet until the next reload. */
  const dismissedKinds = new Set<UiNoticeKind>();

  return create<TraceState>()((set, get) => {
    function stopTimer() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    }

    function schedule() {
      stopTimer();
      if (!get().playing) return;
      timer = setTimeout(tick, msPerEvent(get().speed));
    }

    function tick() {
      timer = null;
      const state = get();
      if (!state.playing) return;
      const next = nextMatching(state.events, cursorIndex(state) + 1, state.filter);
      if (next === -1) {
        // At the end: wait for more if the engine is still going, else stop.
        if (state.running) schedule();
        else set({ playing: false });
        return;
      }
      set({ cursor: state.events[next].seq });
      schedule();
    }

    function withNotice(notices: UiNotice[], notice: Omit<UiNotice, 'id'>): UiNotice[] {
      if (dismissedKinds.has(notice.kind)) return notices;
      // Each duplicate address is its own notice (both devices of a pair report it), as each error is.
      if (notice.kind === 'error' || notice.kind === 'restart' || notice.kind === 'duplicate-address') {
        if (notices.some((n) => n.kind === notice.kind && n.message === notice.message)) return notices;
        return [...notices, { ...notice, id: nextNoticeId++ }];
      }
      // One notice per engine kind: a newer loop warning or trim count replaces the old one in place.
      const existing = notices.findIndex((n) => n.kind === notice.kind);
      if (existing === -1) return [...notices, { ...notice, id: nextNoticeId++ }];
      const updated = notices.slice();
      updated[existing] = { ...notice, id: notices[existing].id };
      return updated;
    }

    return {
      events: [],
      dropped: 0,
      cursor: null,
      playing: false,
      speed: 'normal',
      filter: null,
      protocols: [],
      notices: [],
      running: false,
      now: 0,
      generation: 0,

      appendBatch(batch) {
        const state = get();
        let events = state.events;
        if (batch.events.length > 0) {
          const last = events.length > 0 ? events[events.length - 1].seq : -Infinity;
          const fresh = batch.events[0].seq > last ? batch.events : batch.events.filter((e) => e.seq > last);
          events = events.concat(fresh);
        }
        let notices = state.notices;
        for (const notice of batch.notices) notices = withNotice(notices, notice);
        let protocols = state.protocols;
        for (const e of batch.events) {
          if (!protocols.includes(e.protocol)) protocols = [...protocols, e.protocol].sort((a, b) => a.localeCompare(b));
        }

        if (events.length > window) {
          windowDropped += events.length - window;
          events = events.slice(events.length - window);
        }
        engineDropped = Math.max(engineDropped, batch.dropped);
        const dropped = Math.max(engineDropped, windowDropped);
        if (dropped > state.dropped && !batch.notices.some((n) => n.kind === 'trace-trimmed')) {
          notices = withNotice(notices, { kind: 'trace-trimmed', message: trimmedMessage(dropped, window) });
        }

        let { cursor, playing } = state;
        if (cursor !== null && indexOfSeq(events, cursor) === -1) {
          // The selected event fell out of the window: hold on to the oldest one kept.
          cursor = events.length > 0 ? events[0].seq : null;
        }
        if (jumpAfterSeq !== null) {
          const after = jumpAfterSeq;
          const first = events.findIndex((e) => e.seq > after && matchesFilter(e, state.filter));
          if (first !== -1) {
            cursor = events[first].seq;
            playing = true;
            jumpAfterSeq = null;
          }
        }
        set({ events, dropped, notices, protocols, cursor, playing, running: batch.running, now: batch.now });
        if (playing && (!state.playing || cursor !== state.cursor)) schedule();
      },

      reset() {
        stopTimer();
        jumpAfterSeq = null;
        engineDropped = 0;
        windowDropped = 0;
        dismissedKinds.clear();
        set((s) => ({
          events: [],
          dropped: 0,
          protocols: [],
          cursor: null,
          playing: false,
          running: false,
          now: 0,
          generation: s.generation + 1,
          notices: s.notices.filter((n) => n.kind !== 'trace-trimmed' && n.kind !== 'loop'),
        }));
      },

      select(seq) {
        if (seq !== null && indexOfSeq(get().events, seq) === -1) return;
        set({ cursor: seq });
        // Keep the rhythm: the newly selected event gets a full interval on screen.
        if (get().playing) schedule();
      },

      stepForward() {
        const state = get();
        const next = nextMatching(state.events, cursorIndex(state) + 1, state.filter);
        if (next !== -1) set({ cursor: state.events[next].seq });
        if (state.playing) schedule();
      },

      stepBack() {
        const state = get();
        const current = cursorIndex(state);
        const previous = current === -1 ? -1 : previousMatching(state.events, current - 1, state.filter);
        if (previous !== -1) set({ cursor: state.events[previous].seq });
        if (state.playing) schedule();
      },

      play() {
        const state = get();
        if (state.events.length === 0 && !state.running) return;
        let cursor = state.cursor;
        const current = cursorIndex(state);
        const atEnd = nextMatching(state.events, current + 1, state.filter) === -1;
        if (current === -1 || (atEnd && !state.running)) {
          // Like a media player: play from the start when nothing is selected or it already ended.
          const first = nextMatching(state.events, 0, state.filter);
          cursor = first === -1 ? state.cursor : state.events[first].seq;
        }
        set({ playing: true, cursor });
        schedule();
      },

      pause() {
        stopTimer();
        set({ playing: false });
      },

      togglePlay() {
        if (get().playing) get().pause();
        else get().play();
      },

      resetPlayback() {
        stopTimer();
        const state = get();
        const first = nextMatching(state.events, 0, state.filter);
        set({ playing: false, cursor: first === -1 ? null : state.events[first].seq });
      },

      setSpeed(speed) {
        set({ speed });
        if (get().playing) schedule();
      },

      setFilter(filter) {
        set({ filter });
      },

      actionStarted() {
        const events = get().events;
        jumpAfterSeq = events.length > 0 ? events[events.length - 1].seq : -Infinity;
        set({ running: true });
      },

      setRunning(running) {
        set({ running });
      },

      addNotice(notice) {
        const notices = withNotice(get().notices, notice);
        set({ notices });
        return notices.find((n) => n.kind === notice.kind && n.message === notice.message)?.id ?? -1;
      },

      dismissNotice(id) {
        const notice = get().notices.find((n) => n.id === id);
        if (notice && notice.kind !== 'error' && notice.kind !== 'restart') dismissedKinds.add(notice.kind);
        set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
      },
    };
  });
}

export type TraceStore = ReturnType<typeof createTraceStore>;

/** The app's one trace. */
export const useTraceStore = createTraceStore();
