/**
 * The course page: every chapter of the course with the learner's progress,
 * "coming" for chapters not written yet. Choosing one opens its lesson at the
 * first step; a lesson file that fails validation is reported and the current
 * network stays. A lesson file from disk opens the same way.
 */
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import type { CourseIndex, Lesson } from '../../sim-worker/lessons';
import { stepsDone } from './progress';
import { useLessonStore } from './lesson-store';
import { fetchCourse, fetchLesson, lessonFromText } from './load';
import { useModalDialog } from '../ui/use-modal-dialog';

export function CourseButton() {
  const setCourseOpen = useLessonStore((s) => s.setCourseOpen);
  return (
    <button type="button" className="toolbar-button" onClick={() => setCourseOpen(true)}>
      Course
    </button>
  );
}

export function CourseDialog() {
  const open = useLessonStore((s) => s.courseOpen);
  const ref = useModalDialog(open);
  return (
    <dialog
      ref={ref}
      className="dialog course-dialog"
      aria-label="Course"
      onCancel={(event) => {
        event.preventDefault();
        useLessonStore.getState().setCourseOpen(false);
      }}
    >
      {open && <CourseContents />}
    </dialog>
  );
}

/** Chapter number → step ids, for the chapters whose files loaded. */
type StepIds = Record<number, string[]>;

function CourseContents() {
  const progress = useLessonStore((s) => s.progress);
  const [course, setCourse] = useState<CourseIndex | null>(null);
  const [stepIds, setStepIds] = useState<StepIds>({});
  const [error, setError] = useState<string | null>(() => useLessonStore.getState().courseError);
  const [busy, setBusy] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    void fetchCourse().then(async (loaded) => {
      if (!live) return;
      if (!loaded.ok) return setError((old) => (old ? `${old} ${loaded.error}` : loaded.error));
      setCourse(loaded.value);
      for (const chapter of loaded.value.chapters) {
        if (!chapter.file) continue;
        const lesson = await fetchLesson(chapter.file);
        if (!live) return;
        if (lesson.ok) setStepIds((ids) => ({ ...ids, [chapter.number]: lesson.value.steps.map((s) => s.id) }));
      }
    });
    return () => {
      live = false;
    };
  }, []);

  const choose = async (file: string) => {
    setBusy(file);
    setError(null);
    const loaded = await fetchLesson(file);
    setBusy(null);
    if (!loaded.ok) return setError(loaded.error);
    useLessonStore.getState().open(loaded.value, file);
  };

  const openFromDisk = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const loaded = lessonFromText(await file.text(), file.name);
    if (!loaded.ok) return setError(loaded.error);
    const lesson: Lesson = loaded.value;
    useLessonStore.getState().open(lesson, null);
  };

  return (
    <div className="course">
      <div className="course__head">
        <h2 className="dialog__title">{course?.title ?? 'Course'}</h2>
        <button type="button" className="button" onClick={() => fileInput.current?.click()}>
          Open lesson file…
        </button>
        <input ref={fileInput} type="file" accept=".json,application/json" hidden onChange={(e) => void openFromDisk(e)} aria-label="Lesson file" />
        <button type="button" className="button" onClick={() => useLessonStore.getState().setCourseOpen(false)}>
          Close
        </button>
      </div>
      {error && (
        <p className="course__error" role="alert">
          {error}
        </p>
      )}
      {!course && !error && <p className="course__loading">Loading the course…</p>}
      {course && (
        <ol className="course__chapters" aria-label="Chapters">
          {course.chapters.map((chapter) => {
            const ids = stepIds[chapter.number];
            const done = ids ? stepsDone(progress, chapter.number, ids) : 0;
            const file = chapter.file;
            return (
              <li key={chapter.number} className={file ? 'course__chapter' : 'course__chapter course__chapter--coming'}>
                {file ? (
                  <button type="button" className="course__open" onClick={() => void choose(file)} disabled={busy !== null} aria-label={`Chapter ${chapter.number}: ${chapter.title}`}>
                    <span className="course__number">{chapter.number}</span>
                    <span className="course__title">{chapter.title}</span>
                    <span className="course__summary">{chapter.summary}</span>
                  </button>
                ) : (
                  <div className="course__open" aria-label={`Chapter ${chapter.number}: ${chapter.title}, coming`}>
                    <span className="course__number">{chapter.number}</span>
                    <span className="course__title">{chapter.title}</span>
                    <span className="course__summary">{chapter.summary}</span>
                  </div>
                )}
                <span className="course__progress">{file ? (ids ? `${done} / ${ids.length} steps` : '…') : 'coming'}</span>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
