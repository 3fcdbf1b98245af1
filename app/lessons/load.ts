/** Fetches the course index and lesson files from /lessons/, validated. */
import { parseCourseText, parseLessonText, type CourseIndex, type Lesson } from '../../sim-worker/lessons';
import { describeProblems } from '../file/problems';

export type Loaded<T> = { ok: true; value: T } | { ok: false; error: string };

const BASE = `${import.meta.env.BASE_URL}lessons/`;

async function fetchText(path: string): Promise<Loaded<string>> {
  try {
    const response = await fetch(`${BASE}${path}`);
    if (!response.ok) return { ok: false, error: `${path} could not be loaded (HTTP ${response.status}).` };
    return { ok: true, value: await response.text() };
  } catch (error) {
    return { ok: false, error: `${path} could not be loaded (${error instanceof Error ? error.message : String(error)}).` };
  }
}

export async function fetchCourse(): Promise<Loaded<CourseIndex>> {
  const text = await fetchText('index.json');
  if (!text.ok) return text;
  const parsed = parseCourseText(text.value);
  return parsed.ok ? parsed : { ok: false, error: `The course index has problems: ${describeProblems(parsed.problems)}` };
}

export function lessonFromText(text: string, name: string): Loaded<Lesson> {
  const parsed = parseLessonText(text);
  return parsed.ok ? { ok: true, value: parsed.value } : { ok: false, error: `${name} is not a lesson Flintnet can open: ${describeProblems(parsed.problems)}` };
}

export async function fetchLesson(file: string): Promise<Loaded<Lesson>> {
  const text = await fetchText(file);
  return text.ok ? lessonFromText(text.value, file) : text;
}
