import { describe, expect, it } from 'vitest';
import { emptyDocument, type NetworkDocument } from '../../sim-worker/document/schema';
import { addDevice, connect, moveDevice, renameDevice } from '../../sim-worker/document/edits';
import { createDocumentStore, HISTORY_LIMIT, REJECTED_STORAGE_KEY, STORAGE_KEY, type DocumentStorage } from './document-store';

/** An in-memory localStorage. */
function memoryStorage(initial: Record<string, string> = {}): DocumentStorage & { items: Map<string, string> } {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

function twoComputers(): NetworkDocument {
  let doc = emptyDocument();
  for (const kind of ['computer', 'computer'] as const) {
    const added = addDevice(doc, kind);
    if (!added.ok) throw new Error(added.error);
    doc = added.doc;
  }
  return doc;
}

describe('document store', () => {
  it('starts empty when nothing is saved', () => {
    const store = createDocumentStore({ storage: memoryStorage() });
    expect(store.getState().doc).toEqual(emptyDocument());
    expect(store.getState().message).toBeNull();
  });

  it('applies an edit, and undo and redo walk the history', () => {
    const store = createDocumentStore({ storage: null });
    expect(store.getState().apply((doc) => addDevice(doc, 'computer'))).toBeUndefined();
    expect(store.getState().apply((doc) => addDevice(doc, 'switch'))).toBeUndefined();
    expect(store.getState().doc.devices.map((d) => d.name)).toEqual(['PC-1', 'Switch-1']);

    store.getState().undo();
    expect(store.getState().doc.devices.map((d) => d.name)).toEqual(['PC-1']);
    store.getState().undo();
    expect(store.getState().doc.devices).toEqual([]);
    store.getState().undo(); // nothing left to undo: no change
    expect(store.getState().doc.devices).toEqual([]);

    store.getState().redo();
    store.getState().redo();
    expect(store.getState().doc.devices.map((d) => d.name)).toEqual(['PC-1', 'Switch-1']);
    expect(store.getState().future).toEqual([]);
  });

  it('returns the error of a refused edit and changes nothing', () => {
    const store = createDocumentStore({ storage: null });
    store.getState().apply((doc) => addDevice(doc, 'computer'));
    const before = store.getState();
    const error = store.getState().apply((doc) => renameDevice(doc, 'pc-1', 'not a hostname!'));
    expect(error).toMatch(/cannot be a hostname/);
    expect(store.getState().doc).toBe(before.doc);
    expect(store.getState().past).toBe(before.past);
  });

  it('turns an edit that throws into an error instead of crashing', () => {
    const store = createDocumentStore({ storage: null });
    const error = store.getState().apply(() => {
      throw new Error('boom');
    });
    expect(error).toMatch(/boom/);
    expect(store.getState().past).toEqual([]);
  });

  it('a new edit after undo drops the redo stack', () => {
    const store = createDocumentStore({ storage: null });
    store.getState().apply((doc) => addDevice(doc, 'computer'));
    store.getState().undo();
    expect(store.getState().future).toHaveLength(1);
    store.getState().apply((doc) => addDevice(doc, 'hub'));
    expect(store.getState().future).toEqual([]);
  });

  it('a drag is one undo step: the move is applied once, when the drag stops', () => {
    const store = createDocumentStore({ storage: null });
    store.getState().replace(twoComputers());
    const history = store.getState().past.length;
    const before = store.getState().doc.devices[0].position;
    store.getState().apply((doc) => moveDevice(doc, 'pc-1', { x: 300, y: 40 }));
    expect(store.getState().past).toHaveLength(history + 1);
    store.getState().undo();
    expect(store.getState().doc.devices[0].position).toEqual(before);
    expect(before).not.toEqual({ x: 300, y: 40 });
  });

  it('replace (New, Open) is undoable', () => {
    const store = createDocumentStore({ storage: null });
    store.getState().replace(twoComputers());
    store.getState().replace(emptyDocument());
    expect(store.getState().doc.devices).toEqual([]);
    store.getState().undo();
    expect(store.getState().doc.devices).toHaveLength(2);
  });

  it('an edit that returns the same document adds no history', () => {
    const store = createDocumentStore({ storage: null });
    store.getState().apply((doc) => ({ ok: true, doc }));
    expect(store.getState().past).toEqual([]);
  });

  it(`keeps at most ${HISTORY_LIMIT} undo steps`, () => {
    const store = createDocumentStore({ storage: null });
    store.getState().replace(twoComputers());
    for (let i = 1; i <= HISTORY_LIMIT + 20; i++) store.getState().apply((doc) => moveDevice(doc, 'pc-1', { x: i, y: 0 }));
    expect(store.getState().past).toHaveLength(HISTORY_LIMIT);
    for (let i = 0; i < HISTORY_LIMIT; i++) store.getState().undo();
    expect(store.getState().doc.devices[0].position).toEqual({ x: 20, y: 0 });
  });

  it('saves every change to localStorage, undo included', () => {
    const storage = memoryStorage();
    const store = createDocumentStore({ storage });
    store.getState().replace(twoComputers());
    store.getState().apply((doc) => connect(doc, { device: 'pc-1' }, { device: 'pc-2' }));
    expect(JSON.parse(storage.items.get(STORAGE_KEY)!)).toEqual(store.getState().doc);
    store.getState().undo();
    expect(JSON.parse(storage.items.get(STORAGE_KEY)!).links).toEqual([]);
  });

  it('loads the saved network at start', () => {
    const saved = twoComputers();
    const store = createDocumentStore({ storage: memoryStorage({ [STORAGE_KEY]: JSON.stringify(saved) }) });
    expect(store.getState().doc).toEqual(saved);
    expect(store.getState().past).toEqual([]);
    expect(store.getState().message).toBeNull();
  });

  it('starts empty and says why when the saved network is broken, keeping a copy of it', () => {
    const broken = JSON.stringify({ ...twoComputers(), devices: [{ id: 'pc-1', kind: 'toaster' }] });
    const storage = memoryStorage({ [STORAGE_KEY]: broken });
    const store = createDocumentStore({ storage });
    expect(store.getState().doc).toEqual(emptyDocument());
    expect(store.getState().message).toMatchObject({ kind: 'error' });
    expect(store.getState().message!.text).toMatch(/could not be opened/);
    expect(store.getState().message!.text).toContain('$.devices[0]');
    expect(storage.items.get(REJECTED_STORAGE_KEY)).toBe(broken);
  });

  it('starts empty when the saved text is not even JSON', () => {
    const store = createDocumentStore({ storage: memoryStorage({ [STORAGE_KEY]: '{"format": "flint' }) });
    expect(store.getState().doc).toEqual(emptyDocument());
    expect(store.getState().message?.text).toMatch(/not valid JSON/);
  });

  it('keeps working, and says so once, when storage refuses to save', () => {
    const storage: DocumentStorage = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const store = createDocumentStore({ storage });
    store.getState().apply((doc) => addDevice(doc, 'computer'));
    expect(store.getState().doc.devices).toHaveLength(1);
    expect(store.getState().message?.text).toMatch(/could not be saved/);
    store.getState().dismiss();
    store.getState().apply((doc) => addDevice(doc, 'computer'));
    expect(store.getState().message).toBeNull();
  });

  it('notices replace each other, and each gets a new id', () => {
    const store = createDocumentStore({ storage: null });
    store.getState().notify('info', 'Saved');
    const first = store.getState().message!;
    store.getState().notify('info', 'Saved');
    expect(store.getState().message!.id).toBeGreaterThan(first.id);
    store.getState().dismiss();
    expect(store.getState().message).toBeNull();
  });
});
