/**
 * The open network document, its undo history, the app-wide notice, and autosave.
 *
 * Every change to the document goes through `apply` (a pure edit from
 * sim-worker/document/edits.ts) or `replace` (New, Open), so every change is
 * undoable and every change is saved to localStorage. History holds whole
 * documents: they are small, edits share unchanged parts, and undo can never
 * drift from what was on screen.
 */
import { create } from 'zustand';
import { emptyDocument, type NetworkDocument } from '../../sim-worker/document/schema';
import type { Edit } from '../../sim-worker/document/edits';
import { parseDocumentText } from '../../sim-worker/document/validate';
import { describeProblems } from '../file/problems';

export const STORAGE_KEY = 'flintnet.document.v1';
/** Where a stored document that failed validation is kept, so starting empty never destroys it. */
export const REJECTED_STORAGE_KEY = 'flintnet.document.v1.rejected';
/** Undo steps kept; older ones are forgotten. */
export const HISTORY_LIMIT = 200;

export interface Notice {
  kind: 'error' | 'info';
  text: string;
  /** Increases with each notice, so the same text twice still shows as new. */
  id: number;
}

export interface DocumentState {
  doc: NetworkDocument;
  /** Documents before the current one, oldest first. */
  past: NetworkDocument[];
  /** Documents undone, the next redo last. */
  future: NetworkDocument[];
  /** The app-wide banner: one notice at a time. */
  message: Notice | null;
  /**
   * Runs an edit on the current document. Returns the edit's error message, or
   * undefined when it succeeded; on error nothing changes.
   */
  apply: (edit: (doc: NetworkDocument) => Edit<object>) => string | undefined;
  /** Swaps in a whole document (New, Open); undoable like any edit. */
  replace: (doc: NetworkDocument) => void;
  undo: () => void;
  redo: () => void;
  notify: (kind: Notice['kind'], text: string) => void;
  dismiss: () => void;
}

/** The slice of the Web Storage API the store uses; tests pass a stub. */
export type DocumentStorage = Pick<Storage, 'getItem' | 'setItem'>;

export interface DocumentStoreOptions {
  /** Defaults to window.localStorage when there is one; null disables autosave. */
  storage?: DocumentStorage | null;
}

function defaultStorage(): DocumentStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Reading localStorage throws when the browser blocks site storage.
    return null;
  }
}

interface Loaded {
  doc: NetworkDocument;
  notice?: Omit<Notice, 'id'>;
}

/** The document saved in this browser, or an empty one with a notice saying why. */
export function loadSavedDocument(storage: DocumentStorage | null): Loaded {
  if (!storage) return { doc: emptyDocument() };
  let text: string | null;
  try {
    text = storage.getItem(STORAGE_KEY);
  } catch {
    return { doc: emptyDocument(), notice: { kind: 'error', text: 'This browser does not let Flintnet read its saved network; starting with an empty one.' } };
  }
  if (text === null) return { doc: emptyDocument() };
  const parsed = parseDocumentText(text);
  if (parsed.ok) return { doc: parsed.value };
  try {
    storage.setItem(REJECTED_STORAGE_KEY, text);
  } catch {
    // Keeping a copy is a courtesy; starting empty matters more.
  }
  return {
    doc: emptyDocument(),
    notice: {
      kind: 'error',
      text: `The network saved in this browser could not be opened, so you are starting with an empty one. ${describeProblems(parsed.problems)}`,
    },
  };
}

export function createDocumentStore(options: DocumentStoreOptions = {}) {
  const storage = options.storage === undefined ? defaultStorage() : options.storage;
  const loaded = loadSavedDocument(storage);
  let noticeId = 0;

  const store = create<DocumentState>()((set, get) => {
    /** Makes `next` current and remembers the old document for undo. */
    const commit = (next: NetworkDocument) => {
      const { doc, past } = get();
      if (next === doc) return;
      const trimmed = past.length >= HISTORY_LIMIT ? past.slice(past.length - HISTORY_LIMIT + 1) : past;
      set({ doc: next, past: [...trimmed, doc], future: [] });
    };

    return {
      doc: loaded.doc,
      past: [],
      future: [],
      message: loaded.notice ? { ...loaded.notice, id: ++noticeId } : null,

      apply: (edit) => {
        let result: Edit<object>;
        try {
          result = edit(get().doc);
        } catch (thrown) {
          // Edits report problems as values; a throw is a bug, but it must not take the page down.
          return `That change could not be made: ${thrown instanceof Error ? thrown.message : String(thrown)}`;
        }
        if (!result.ok) return result.error;
        commit(result.doc);
        return undefined;
      },

      replace: (doc) => commit(doc),

      undo: () => {
        const { doc, past, future } = get();
        if (past.length === 0) return;
        set({ doc: past[past.length - 1], past: past.slice(0, -1), future: [...future, doc] });
      },

      redo: () => {
        const { doc, past, future } = get();
        if (future.length === 0) return;
        set({ doc: future[future.length - 1], past: [...past, doc], future: future.slice(0, -1) });
      },

      notify: (kind, text) => set({ message: { kind, text, id: ++noticeId } }),
      dismiss: () => set({ message: null }),
    };
  });

  if (storage) {
    let warned = false;
    store.subscribe((state, previous) => {
      if (state.doc === previous.doc) return;
      try {
        storage.setItem(STORAGE_KEY, JSON.stringify(state.doc));
      } catch {
        // Quota exceeded or storage blocked: say so once, keep working in memory.
        if (!warned) {
          warned = true;
          state.notify('error', 'Your network could not be saved in this browser (storage is full or blocked). Use Save to keep a copy.');
        }
      }
    });
  }

  return store;
}

/** The app's one document store. */
export const useDocumentStore = createDocumentStore();

/** Shorthand for components that only report an edit's failure in the banner. */
export function applyOrNotify(edit: (doc: NetworkDocument) => Edit<object>): string | undefined {
  const { apply, notify } = useDocumentStore.getState();
  const error = apply(edit);
  if (error) notify('error', error);
  return error;
}
