/** Reopening the lesson that was open before a reload. */
import type { Lesson } from '../../sim-worker/lessons';
import { fetchCourse, fetchLesson } from './load';
import { browserStorage, loadResume } from './progress';

export { fetchCourse, fetchLesson };

export async function loadResumedLesson(): Promise<{ lesson: Lesson; file: string; step: number } | null> {
  const point = loadResume(browserStorage());
  if (!point) return null;
  const loaded = await fetchLesson(point.file);
  return loaded.ok ? { lesson: loaded.value, file: point.file, step: point.step } : null;
}
