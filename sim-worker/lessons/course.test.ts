import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCourseText, validateCourse } from './course';
import { parseLessonText } from './validate';

const LESSONS = new URL('../../public/lessons/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, LESSONS), 'utf8');

describe('public/lessons/index.json', () => {
  const parsed = parseCourseText(read('index.json'));
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  const { chapters } = parsed.value;

  it('lists all 19 chapters of the curriculum, in order', () => {
    expect(chapters.map((c) => c.number)).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
  });

  it('marks the chapters not written yet as coming', () => {
    expect(chapters.filter((c) => c.file !== null).map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12]);
  });

  it.each(chapters.filter((c) => c.file !== null))('chapter $number\'s file is a valid lesson with that number and title', (chapter) => {
    const lesson = parseLessonText(read(chapter.file!));
    expect(lesson.ok).toBe(true);
    if (lesson.ok) expect({ number: lesson.value.chapter, title: lesson.value.title }).toEqual({ number: chapter.number, title: chapter.title });
  });
});

describe('validateCourse', () => {
  it('refuses a file name that climbs out of the lessons folder, and a chapter listed twice', () => {
    const result = validateCourse({
      format: 'flintnet-course', version: 1, title: 'Course',
      chapters: [
        { number: 1, title: 'One', summary: 'First.', file: '../secret.json' },
        { number: 1, title: 'Again', summary: 'Twice.', file: null },
      ],
    });
    expect(result.ok ? [] : result.problems.map((p) => p.path)).toEqual(['$.chapters[0].file', '$.chapters[1].number']);
  });
});
