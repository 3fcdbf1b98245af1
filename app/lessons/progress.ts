/**
 * What the learner has done in the course, kept in this browser: the steps
 * passed in each chapter (by step id, so reordering a lesson keeps progress),
 * and the lesson and step that were open, so a reload resumes there.
 */
export const PROGRESS_KEY = 'flintnet.progress.v1';
export const RESUME_KEY = 'flintnet.lesson.v1';

/** The slice of Web Storage used here; tests pass a Map-backed stub. */
export type ProgressStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Chapter number → ids of the steps passed. */
export type Progress = Record<string, string[]>;

export interface ResumePoint {
  /** The lesson file name beside index.json ("chapter-03.json"). */
  file: string;
  step: number;
}

export function browserStorage(): ProgressStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function readJson(storage: ProgressStorage | null, key: string): unknown {
  if (!storage) return null;
  try {
    const text = storage.getItem(key);
    return text === null ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

function writeJson(storage: ProgressStorage | null, key: string, value: unknown): void {
  try {
    storage?.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or blocked: progress is a convenience, the lesson goes on.
  }
}

/** Saved progress; anything malformed is dropped rather than trusted. */
export function loadProgress(storage: ProgressStorage | null): Progress {
  const raw = readJson(storage, PROGRESS_KEY);
  const progress: Progress = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return progress;
  for (const [chapter, ids] of Object.entries(raw as Record<string, unknown>)) {
    if (Array.isArray(ids)) progress[chapter] = [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
  }
  return progress;
}

/** Progress with one more step passed (the same object when it already was). */
export function markStepDone(progress: Progress, chapter: number, stepId: string): Progress {
  const done = progress[chapter] ?? [];
  if (done.includes(stepId)) return progress;
  return { ...progress, [chapter]: [...done, stepId] };
}

export function saveProgress(storage: ProgressStorage | null, progress: Progress): void {
  writeJson(storage, PROGRESS_KEY, progress);
}

/** How many of these steps are passed. */
export function stepsDone(progress: Progress, chapter: number, stepIds: readonly string[]): number {
  const done = new Set(progress[chapter] ?? []);
  return stepIds.filter((id) => done.has(id)).length;
}

export function loadResume(storage: ProgressStorage | null): ResumePoint | null {
  const raw = readJson(storage, RESUME_KEY);
  if (typeof raw !== 'object' || raw === null) return null;
  const { file, step } = raw as Record<string, unknown>;
  if (typeof file !== 'string' || !/^[\w-]+\.json$/.test(file)) return null;
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) return null;
  return { file, step };
}

export function saveResume(storage: ProgressStorage | null, point: ResumePoint | null): void {
  if (point === null) {
    try {
      storage?.removeItem(RESUME_KEY);
    } catch {
      // Nothing to forget.
    }
  } else writeJson(storage, RESUME_KEY, point);
}
