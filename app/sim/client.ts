/**
 * The app's handle on the engine running in a Web Worker.
 *
 * - Streams the engine's batches into the trace store (coalesced, so a storm of
 *   tiny batches costs one store update per ~30 ms).
 * - Reloads the engine when the network changes (debounced; moving a device
 *   does not count as a change, so dragging never wipes the trace).
 * - If the worker dies (an `error` event, a rejected call, or a call left
 *   unanswered for 15 s) it says so, starts a new worker and loads the
 *   current network into it.
 * - Every call resolves to a Result; nothing throws into React.
 */
import * as Comlink from 'comlink';
import type { Action, CaptureScope, DeviceTable, Result, SimApi, TraceBatch } from '../../sim-worker/api';
import type { NetworkDocument } from '../../sim-worker/document/schema';
import type { Lesson, StepResult } from '../../sim-worker/lessons/schema';
import { useDocumentStore } from '../store/document-store';
import { useTraceStore, type TraceStore } from '../store/trace-store';

/** What the client needs from an engine; the default runs sim-worker/worker.ts in a Worker. */
export interface EngineConnection {
  load(doc: NetworkDocument): Promise<Result<void>>;
  act(action: Action): Promise<Result<void>>;
  stop(): Promise<void>;
  tables(device: string, atSeq: number): Promise<DeviceTable[]>;
  leases(atSeq: number): Promise<Record<string, string>>;
  capture(scope: CaptureScope): Promise<Result<Uint8Array>>;
  /** Runs a lesson step's checks on a network of its own; optional so test fakes can leave it out. */
  checkStep?(lesson: Lesson, stepIndex: number, doc: NetworkDocument): Promise<Result<StepResult>>;
  terminate(): void;
}

export interface ConnectionHandlers {
  onEvents(batch: TraceBatch): void;
  onDeath(reason: string): void;
}

export type Connect = (handlers: ConnectionHandlers) => EngineConnection;

export interface DocumentSource {
  get(): NetworkDocument;
  /** Calls back with the new document whenever it changes; returns an unsubscribe. */
  subscribe(listener: (doc: NetworkDocument) => void): () => void;
}

export interface SimClient {
  act(action: Action): Promise<Result<void>>;
  stop(): Promise<void>;
  tables(device: string, atSeq: number): Promise<Result<DeviceTable[]>>;
  /** The leased address of each computer or server on DHCP as of an event, by device id. */
  leases(atSeq: number): Promise<Result<Record<string, string>>>;
  capture(scope: CaptureScope): Promise<Result<Uint8Array>>;
  /** Runs a lesson step's checks on `doc` in the worker, apart from the main trace. */
  checkStep(lesson: Lesson, stepIndex: number, doc: NetworkDocument): Promise<Result<StepResult>>;
  dispose(): void;
}

export const RESTART_MESSAGE = 'The simulator stopped unexpectedly; it has been restarted with your network.';
const GAVE_UP_MESSAGE = 'The simulator keeps stopping, so it was not restarted again. Save your network, then reload the page.';
const STOPPED_ERROR = 'The simulator stopped unexpectedly; try again in a moment.';

/**
 * The worker runs in slices and answers between them within milliseconds; a
 * call unanswered this long means it is stuck (an endless loop never fires
 * an error event), so it counts as dead.
 */
export const CALL_TIMEOUT_MS = 15_000;

/** More deaths than this within RESTART_WINDOW_MS means restarting is not helping. */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 10_000;

/** A document's meaning for the engine: positions are only for drawing. */
export function simulationKey(doc: NetworkDocument): string {
  return JSON.stringify(doc, (key, value: unknown) => (key === 'position' ? undefined : value));
}

export function mergeBatches(batches: TraceBatch[]): TraceBatch {
  if (batches.length === 1) return batches[0];
  const last = batches[batches.length - 1];
  return {
    events: batches.flatMap((b) => b.events),
    notices: batches.flatMap((b) => b.notices),
    dropped: last.dropped,
    running: last.running,
    now: last.now,
  };
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'unknown error';
}

/** One worker's life: its connection and a promise that rejects when it dies. */
interface Session {
  engine: EngineConnection;
  dead: Promise<never>;
  kill(reason: string): void;
  alive: boolean;
}

export function createSimClient(deps: {
  connect: Connect;
  trace: TraceStore;
  documents: DocumentSource;
  debounceMs?: number;
  flushMs?: number;
  callTimeoutMs?: number;
}): SimClient {
  const { connect, trace, documents } = deps;
  const debounceMs = deps.debounceMs ?? 150;
  const flushMs = deps.flushMs ?? 30;
  const callTimeoutMs = deps.callTimeoutMs ?? CALL_TIMEOUT_MS;

  let disposed = false;
  let gaveUp = false;
  let session: Session;
  let loadedKey: string | null = null;
  /** Each load gets a number; batches count only once the latest load has finished. */
  let loadNumber = 0;
  let settledLoad = -1;
  /** Resolves when the latest load finished; actions and queries wait for it. */
  let loading: Promise<void> = Promise.resolve();
  let reloadTimer: ReturnType<typeof setTimeout> | null = null;
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  let pending: TraceBatch[] = [];
  const deaths: number[] = [];
  let loadErrorNotice: number | null = null;

  function flush() {
    if (flushTimer !== null) clearTimeout(flushTimer);
    flushTimer = null;
    if (pending.length === 0) return;
    const batch = mergeBatches(pending);
    pending = [];
    trace.getState().appendBatch(batch);
  }

  function open(): Session {
    let kill: (reason: string) => void = () => {};
    const dead = new Promise<never>((_, reject) => {
      kill = (reason) => reject(new Error(reason));
    });
    // Nobody may be racing against it yet; an unobserved rejection is expected.
    dead.catch(() => {});
    const opened: Session = {
      alive: true,
      dead,
      kill,
      engine: connect({
        onEvents(batch) {
          if (opened !== session || disposed || settledLoad !== loadNumber) return;
          pending.push(batch);
          if (flushTimer === null) flushTimer = setTimeout(flush, flushMs);
        },
        onDeath(reason) {
          died(opened, reason);
        },
      }),
    };
    return opened;
  }

  function died(which: Session, reason: string) {
    if (!which.alive || disposed) return;
    which.alive = false;
    which.kill(reason);
    which.engine.terminate();
    if (which !== session || gaveUp) return;
    console.error('Flintnet simulator stopped:', reason);
    pending = [];
    const now = Date.now();
    deaths.push(now);
    while (deaths.length > 0 && now - deaths[0] > RESTART_WINDOW_MS) deaths.shift();
    if (deaths.length > MAX_RESTARTS) {
      gaveUp = true;
      trace.getState().reset();
      trace.getState().addNotice({ kind: 'error', message: GAVE_UP_MESSAGE });
      return;
    }
    trace.getState().addNotice({ kind: 'restart', message: RESTART_MESSAGE });
    session = open();
    load(documents.get(), true);
  }

  /** Runs a call on the current worker; a rejection or the worker dying mid-call is an error value. */
  async function call<T>(run: (engine: EngineConnection) => Promise<T>): Promise<Result<T>> {
    if (gaveUp) return { ok: false, error: GAVE_UP_MESSAGE };
    const which = session;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stuck = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer for ${callTimeoutMs / 1000} s`)), callTimeoutMs);
    });
    try {
      return { ok: true, value: await Promise.race([run(which.engine), which.dead, stuck]) };
    } catch (error) {
      died(which, describeError(error));
      return { ok: false, error: gaveUp ? GAVE_UP_MESSAGE : STOPPED_ERROR };
    } finally {
      clearTimeout(timer);
    }
  }

  function load(doc: NetworkDocument, force = false) {
    const key = simulationKey(doc);
    if (!force && key === loadedKey) return;
    loadedKey = key;
    const number = ++loadNumber;
    pending = [];
    loading = call((engine) => engine.load(doc)).then((result) => {
      if (number !== loadNumber) return;
      settledLoad = number;
      const state = trace.getState();
      state.reset();
      if (loadErrorNotice !== null) state.dismissNotice(loadErrorNotice);
      loadErrorNotice = null;
      // A dead worker was already reported (and restarted with a newer load).
      if (result.ok && !result.value.ok) {
        loadErrorNotice = state.addNotice({ kind: 'error', message: `The simulator could not load this network: ${result.value.error}` });
      }
    });
  }

  function scheduleReload() {
    if (reloadTimer !== null) clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => {
      reloadTimer = null;
      load(documents.get());
    }, debounceMs);
  }

  /** An edit still waiting for its debounce goes to the engine before any action. */
  function flushReload() {
    if (reloadTimer === null) return;
    clearTimeout(reloadTimer);
    reloadTimer = null;
    load(documents.get());
  }

  session = open();
  load(documents.get());
  const unsubscribe = documents.subscribe(scheduleReload);

  return {
    async act(action) {
      flushReload();
      await loading;
      trace.getState().actionStarted();
      const result = await call((engine) => engine.act(action));
      flush();
      const outcome = result.ok ? result.value : result;
      if (!outcome.ok) trace.getState().setRunning(false);
      return outcome;
    },

    async stop() {
      await call((engine) => engine.stop());
    },

    async tables(device, atSeq) {
      await loading;
      return call((engine) => engine.tables(device, atSeq));
    },

    async leases(atSeq) {
      await loading;
      return call((engine) => engine.leases(atSeq));
    },

    async capture(scope) {
      await loading;
      const result = await call((engine) => engine.capture(scope));
      return result.ok ? result.value : result;
    },

    async checkStep(lesson, stepIndex, doc) {
      const result = await call((engine) => (engine.checkStep ? engine.checkStep(lesson, stepIndex, doc) : Promise.resolve<Result<StepResult>>({ ok: false, error: 'This simulator cannot check lesson steps.' })));
      return result.ok ? result.value : result;
    },

    dispose() {
      disposed = true;
      unsubscribe();
      if (reloadTimer !== null) clearTimeout(reloadTimer);
      if (flushTimer !== null) clearTimeout(flushTimer);
      session.engine.terminate();
    },
  };
}

/** The real engine: sim-worker/worker.ts behind comlink. */
export const connectWorker: Connect = (handlers) => {
  const worker = new Worker(new URL('../../sim-worker/worker.ts', import.meta.url), { type: 'module' });
  const remote = Comlink.wrap<SimApi>(worker);
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    handlers.onDeath(event.message || 'the worker failed to start');
  });
  worker.addEventListener('messageerror', () => handlers.onDeath('a message from the worker could not be read'));
  remote.onEvents(Comlink.proxy((batch: TraceBatch) => handlers.onEvents(batch))).catch((error: unknown) => {
    handlers.onDeath(describeError(error));
  });
  return {
    load: (doc) => remote.load(doc),
    act: (action) => remote.act(action),
    stop: () => remote.stop(),
    tables: (device, atSeq) => remote.tables(device, atSeq),
    leases: (atSeq) => remote.leases(atSeq),
    capture: (scope) => remote.capture(scope),
    checkStep: (lesson, stepIndex, doc) => remote.checkStep(lesson, stepIndex, doc),
    terminate() {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
};

const documentStoreSource: DocumentSource = {
  get: () => useDocumentStore.getState().doc,
  subscribe: (listener) =>
    useDocumentStore.subscribe((state, previous) => {
      if (state.doc !== previous.doc) listener(state.doc);
    }),
};

let appClient: SimClient | null = null;

/** The app's one engine, started on first use. */
export function simClient(): SimClient {
  appClient ??= createSimClient({ connect: connectWorker, trace: useTraceStore, documents: documentStoreSource });
  return appClient;
}

/** Starts the engine now (idempotent); the playback bar calls it on mount. */
export function startSimulation(): void {
  simClient();
}
