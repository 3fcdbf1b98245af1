/**
 * "Export as lesson start": the current network as a minimal lesson file an
 * instructor can go on to write. It validates as it is (chapter 1 and one
 * placeholder goal, since lesson files need both): one step whose
 * solution is the network, checked by how many devices of one kind it has.
 */
import type { DeviceKind, NetworkDocument } from '../../sim-worker/document/schema';
import { LESSON_FORMAT, LESSON_VERSION, type Lesson } from '../../sim-worker/lessons/schema';
import { DEVICE_KIND_INFO, PALETTE_KINDS } from '../palette/device-kinds';
import { downloadText } from '../file/save-network';

export const LESSON_START_FILE_NAME = 'lesson.json';

export function lessonStart(doc: NetworkDocument): Lesson {
  const counts = new Map<DeviceKind, number>();
  for (const device of doc.devices) counts.set(device.kind, (counts.get(device.kind) ?? 0) + 1);
  const used = [...counts.keys()];
  // Offer the kinds the network uses; an empty network offers the whole palette.
  const palette = used.length > 0 ? used : [...PALETTE_KINDS];
  // A step needs one check: the kind the network has most of, at least as many as now.
  const [kind, atLeast] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['computer', 1];
  const label = `${DEVICE_KIND_INFO[kind].label}: at least ${atLeast}`;
  return {
    format: LESSON_FORMAT,
    version: LESSON_VERSION,
    chapter: 1,
    title: 'My lesson',
    story: 'Tell the story that leads into this lesson.',
    // The brief asked for no goals, but a lesson file needs at least one.
    goals: ['Say what the learner will be able to do.'],
    palette,
    start: doc,
    steps: [
      {
        id: 'step-1',
        title: 'First step',
        text: 'Say what the learner should build or watch.',
        hints: [],
        run: [],
        checks: [{ goal: label, devices: { kind, atLeast } }],
        solution: doc,
      },
    ],
    recap: { text: 'Say what the lesson showed.', question: 'Ask the question that leads into the next lesson.' },
  };
}

export function lessonStartText(doc: NetworkDocument): string {
  return `${JSON.stringify(lessonStart(doc), null, 2)}\n`;
}

export function exportLessonStart(doc: NetworkDocument): void {
  downloadText(lessonStartText(doc), LESSON_START_FILE_NAME);
}
