import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLessonText, stepStart, type Lesson } from '../../sim-worker/lessons';
import type { NetworkDocument } from '../../sim-worker/document/schema';
import { parseInline, parseMarkdown } from './markdown';
import { loadProgress, loadResume, markStepDone, PROGRESS_KEY, saveProgress, saveResume, stepsDone, type ProgressStorage } from './progress';
import { createLessonStore } from './lesson-store';

function memory(): ProgressStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

function chapter3(): Lesson {
  const parsed = parseLessonText(readFileSync(new URL('../../public/lessons/chapter-03.json', import.meta.url), 'utf8'));
  if (!parsed.ok) throw new Error('chapter 3 does not validate');
  return parsed.value;
}

describe('markdown', () => {
  it('splits paragraphs and lists', () => {
    const blocks = parseMarkdown('One\nline.\n\n- a\n- b\n\n1. x\n2. y');
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'list', 'list']);
    expect(blocks[0]).toEqual({ kind: 'paragraph', children: [{ kind: 'text', text: 'One line.' }] });
    expect(blocks[1]).toMatchObject({ ordered: false, items: [[{ text: 'a' }], [{ text: 'b' }]] });
    expect(blocks[2]).toMatchObject({ ordered: true });
  });

  it('marks bold, emphasis and code, and leaves unclosed marks as text', () => {
    expect(parseInline('a **b** *c* `d`')).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'strong', children: [{ kind: 'text', text: 'b' }] },
      { kind: 'text', text: ' ' },
      { kind: 'em', children: [{ kind: 'text', text: 'c' }] },
      { kind: 'text', text: ' ' },
      { kind: 'code', text: 'd' },
    ]);
    expect(parseInline('2 * 3 and **open')).toEqual([{ kind: 'text', text: '2 * 3 and **open' }]);
    expect(parseInline('snake_case_name')).toEqual([{ kind: 'text', text: 'snake_case_name' }]);
    expect(parseInline('`<script>`')).toEqual([{ kind: 'code', text: '<script>' }]);
  });
});

describe('progress', () => {
  it('saves passed steps per chapter and ignores junk', () => {
    const storage = memory();
    let progress = loadProgress(storage);
    progress = markStepDone(progress, 3, 'a');
    expect(markStepDone(progress, 3, 'a')).toBe(progress);
    saveProgress(storage, markStepDone(progress, 3, 'b'));
    expect(stepsDone(loadProgress(storage), 3, ['a', 'b', 'c'])).toBe(2);
    storage.setItem(PROGRESS_KEY, '{"3": [1, "a"], "4": "x"}');
    expect(loadProgress(storage)).toEqual({ 3: ['a'] });
    storage.setItem(PROGRESS_KEY, 'not json');
    expect(loadProgress(storage)).toEqual({});
  });

  it('remembers where to resume, and only sensible places', () => {
    const storage = memory();
    saveResume(storage, { file: 'chapter-03.json', step: 2 });
    expect(loadResume(storage)).toEqual({ file: 'chapter-03.json', step: 2 });
    saveResume(storage, { file: '../evil.json', step: 1 });
    expect(loadResume(storage)).toBeNull();
    saveResume(storage, null);
    expect(loadResume(storage)).toBeNull();
  });
});

describe('lesson store', () => {
  function setup() {
    const storage = memory();
    let doc: NetworkDocument = { format: 'flintnet', version: 1, devices: [], links: [] };
    const replaced: NetworkDocument[] = [];
    const store = createLessonStore({ storage, documents: { get: () => doc, replace: (d) => void replaced.push((doc = d)) } });
    return { storage, store, replaced, current: () => doc };
  }

  it('opens at the start network and steps with resets, skipping when not passed', () => {
    const { store, current, storage } = setup();
    const lesson = chapter3();
    store.getState().open(lesson, 'chapter-03.json');
    expect(current()).toBe(lesson.start);
    expect(loadResume(storage)).toEqual({ file: 'chapter-03.json', step: 0 });
    store.getState().next();
    expect(store.getState().step).toBe(1);
    expect(current()).toBe(stepStart(lesson, 1));
    store.getState().back();
    expect(store.getState().step).toBe(0);
    store.getState().back();
    expect(store.getState().step).toBe(0);
    store.getState().showMe();
    expect(current()).toBe(lesson.steps[0].solution);
    store.getState().resetStep();
    expect(current()).toBe(lesson.start);
    store.getState().goTo(99);
    expect(store.getState().step).toBe(lesson.steps.length);
  });

  it('keeps the learner network on Next after a pass, and saves progress', () => {
    const { store, current, storage } = setup();
    const lesson = chapter3();
    store.getState().open(lesson, 'chapter-03.json');
    const built = current();
    store.getState().setCheck({ lesson, step: 0, doc: built, result: { passed: true, checks: [], output: [] }, error: null });
    expect(stepsDone(loadProgress(storage), 3, [lesson.steps[0].id])).toBe(1);
    store.getState().next();
    expect(store.getState().step).toBe(1);
    expect(current()).toBe(built);
  });

  it('reveals hints one at a time, up to the last', () => {
    const { store } = setup();
    const lesson = chapter3();
    store.getState().open(lesson, null);
    for (let i = 0; i < 10; i++) store.getState().revealHint();
    expect(store.getState().hintsShown).toBe(lesson.steps[0].hints.length);
    store.getState().next();
    expect(store.getState().hintsShown).toBe(0);
  });
});
