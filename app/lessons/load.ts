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

/** The lesson a page address names with ?lesson=<url> (relative to the page), or null. */
export function lessonUrlParam(search: string): string | null {
  const value = new URLSearchParams(search).get('lesson');
  return value && value.trim() !== '' ? value.trim() : null;
}

/** Fetches a lesson from any address, validated like a file from disk. */
export async function fetchLessonUrl(url: string, base: string): Promise<Loaded<Lesson>> {
  let target: URL;
  try {
    target = new URL(url, base);
  } catch {
    return { ok: false, error: `${url} is not an address a lesson can be loaded from.` };
  }
  try {
    const response = await fetch(target);
    if (!response.ok) return { ok: false, error: `${url} could not be loaded (HTTP ${response.status}).` };
    return lessonFromText(await response.text(), url);
  } catch (error) {
    return { ok: false, error: `${url} could not be loaded (${error instanceof Error ? error.message : String(error)}).` };
  }
}
