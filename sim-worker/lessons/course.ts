/**
 * The course index (public/lessons/index.json): every chapter in order, with
 * the lesson file to open, or null while the chapter is still coming.
 */
import type { Problem } from '../document/validate';
import { COURSE_FORMAT, type CourseChapter, type CourseIndex } from './schema';

export type CourseValidated = { ok: true; value: CourseIndex } | { ok: false; problems: Problem[] };

export function parseCourseText(text: string): CourseValidated {
  try {
    return validateCourse(JSON.parse(text.replace(/^\uFEFF/, '')));
  } catch (error) {
    return { ok: false, problems: [{ path: '$', message: `This file is not valid JSON, so it cannot be a course index (${(error as Error).message})` }] };
  }
}

export function validateCourse(input: unknown): CourseValidated {
  const problems: Problem[] = [];
  const report = (path: string, message: string) => void problems.push({ path, message });
  if (!isObject(input) || input.format !== COURSE_FORMAT) return { ok: false, problems: [{ path: '$.format', message: `This is not a course index: it should say "format": "${COURSE_FORMAT}"` }] };
  if (input.version !== 1) report('$.version', 'A course index of this version of Flintnet says "version": 1');
  if (!isText(input.title)) report('$.title', '"title" should be the course\'s name');
  if (!Array.isArray(input.chapters) || input.chapters.length === 0) {
    report('$.chapters', '"chapters" should be a list of chapters');
    return { ok: false, problems };
  }
  const numbers = new Set<number>();
  const chapters: CourseChapter[] = [];
  input.chapters.forEach((item: unknown, i: number) => {
    const path = `$.chapters[${i}]`;
    if (!isObject(item)) return report(path, 'A chapter should be an object with number, title, summary and file');
    const { number, title, summary, file } = item;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) report(`${path}.number`, '"number" should be a whole number from 1 up');
    else if (numbers.has(number)) report(`${path}.number`, `Chapter ${number} is listed twice`);
    else numbers.add(number);
    if (!isText(title)) report(`${path}.title`, '"title" should be the chapter\'s title');
    if (!isText(summary)) report(`${path}.summary`, '"summary" should be one line saying what the chapter does');
    // A file is a plain name beside index.json: no folders to climb out of, no addresses elsewhere.
    if (file !== null && !(typeof file === 'string' && /^[\w-]+\.json$/.test(file))) report(`${path}.file`, '"file" should be a lesson file name beside index.json, like "chapter-03.json", or null while the chapter is coming');
    chapters.push({ number: number as number, title: title as string, summary: summary as string, file: file as string | null });
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { format: COURSE_FORMAT, version: 1, title: input.title as string, chapters } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
