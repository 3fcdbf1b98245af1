import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLessonText } from '../../sim-worker/lessons';
import { emptyDocument } from '../../sim-worker/document/schema';
import { lessonStartText } from './export-lesson';
import { offeredItems } from '../palette/device-kinds';
import { createLessonStore, isHighlighted } from './lesson-store';
import type { Lesson } from '../../sim-worker/lessons';

describe('export as lesson start', () => {
  it('turns a network into a lesson file that validates', () => {
    const chapter = parseLessonText(readFileSync(new URL('../../public/lessons/chapter-04.json', import.meta.url), 'utf8'));
    if (!chapter.ok) throw new Error('chapter 4 does not validate');
    const network = chapter.value.steps[chapter.value.steps.length - 1].solution;
    const parsed = parseLessonText(lessonStartText(network));
    expect(parsed.ok ? [] : parsed.problems).toEqual([]);
    if (!parsed.ok) return;
    expect(parsed.value).toMatchObject({ format: 'flintnet-lesson', version: 1, title: 'My lesson', chapter: 1 });
    expect(parsed.value.start).toEqual(network);
    expect(parsed.value.steps).toHaveLength(1);
    expect(parsed.value.steps[0].solution).toEqual(network);
    expect(new Set(parsed.value.palette)).toEqual(new Set(network.devices.map((d) => d.kind)));
  });

  it('validates for an empty network too', () => {
    const parsed = parseLessonText(lessonStartText(emptyDocument()));
    expect(parsed.ok ? [] : parsed.problems).toEqual([]);
  });
});


describe('palette and highlights in a lesson', () => {
  it('offers only the lesson palette kinds the palette knows, or all with no lesson', () => {
    expect(offeredItems(null).map((item) => item.id)).toEqual(['computer', 'server', 'dns-server', 'web-server', 'switch', 'hub', 'router', 'home-router', 'isp', 'vm']);
    expect(offeredItems(['switch', 'vm', 'router', 'computer']).map((item) => item.id)).toEqual(['computer', 'switch', 'router', 'vm']);
    // A lesson that offers servers offers their presets too.
    expect(offeredItems(['server']).map((item) => item.label)).toEqual(['Server', 'DNS server', 'Web server']);
  });

  it('highlights the current step’s devices by name and clears on step change and close', () => {
    const doc = emptyDocument();
    const base = JSON.parse(lessonStartText(doc)) as Lesson;
    const step = base.steps[0];
    const lesson: Lesson = { ...base, steps: [{ ...step, highlights: { devices: ['PC-1'] } }, { ...step, id: 'two' }] };
    const store = createLessonStore({ storage: null, documents: { get: () => doc, replace: () => undefined } });
    store.getState().open(lesson, null);
    expect(isHighlighted(store.getState(), 'pc-1')).toBe(true);
    expect(isHighlighted(store.getState(), 'PC-2')).toBe(false);
    store.getState().goTo(1);
    expect(isHighlighted(store.getState(), 'PC-1')).toBe(false);
    store.getState().goTo(0);
    store.getState().close();
    expect(isHighlighted(store.getState(), 'PC-1')).toBe(false);
  });
});
