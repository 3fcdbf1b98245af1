/**
 * The lesson beside the canvas: story, the current step with its goals ticking
 * live as the learner builds, hints one at a time, Show me, Reset step, Back
 * and Next, and the recap after the last step. In presenter mode the same
 * panel shows the narrative in large type with a chapter picker.
 */
import { useEffect, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useDocumentStore } from '../store/document-store';
import { simClient } from '../sim/client';
import type { CourseIndex } from '../../sim-worker/lessons';
import { Markdown } from './Markdown';
import './lessons.css';
import { stepPassed, useLessonStore } from './lesson-store';
import { fetchCourse, fetchLesson, loadResumedLesson } from './load-resume';
import { fetchLessonUrl, lessonUrlParam } from './load';

export const CHECK_DEBOUNCE_MS = 400;

/** Runs the step's checks in the worker whenever the network, lesson or step changes (debounced). */
function useLiveChecks(): void {
  const lesson = useLessonStore((s) => s.lesson);
  const step = useLessonStore((s) => s.step);
  const doc = useDocumentStore((s) => s.doc);
  useEffect(() => {
    if (!lesson || step >= lesson.steps.length) return;
    let live = true;
    const timer = setTimeout(() => {
      void simClient()
        .checkStep(lesson, step, doc)
        .then((result) => {
          if (!live) return;
          useLessonStore.getState().setCheck({ lesson, step, doc, result: result.ok ? result.value : null, error: result.ok ? null : result.error });
        });
    }, CHECK_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [lesson, step, doc]);
}

/** Presenter keys: →/PageDown next, ←/PageUp back, R reset, S show me, Esc leaves. */
function usePresenterKeys(): void {
  const presenting = useLessonStore((s) => s.presenting);
  useEffect(() => {
    if (!presenting) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      const lessons = useLessonStore.getState();
      const key = event.key;
      let handled = true;
      if (key === 'ArrowRight' || key === 'PageDown') lessons.next();
      else if (key === 'ArrowLeft' || key === 'PageUp') lessons.back();
      else if (key === 'r' || key === 'R') lessons.resetStep();
      else if (key === 's' || key === 'S') lessons.showMe();
      else if (key === 'Escape') lessons.setPresenting(false);
      else handled = false;
      if (handled) {
        // Capture phase, and prevented: the playback bar's arrow keys leave it alone.
        event.preventDefault();
        event.stopPropagation();
      }
    }
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [presenting]);
}

/**
 * With ?lesson=<url> in the page address, opens that lesson (a lesson that
 * fails to load or validate is reported on the course page, as one from disk is).
 * Otherwise, after a reload, reopens the lesson and step the learner had open
 * (the network itself was autosaved).
 */
export function useResumeLesson(): void {
  useEffect(() => {
    let live = true;
    const url = lessonUrlParam(window.location.search);
    if (url) {
      void fetchLessonUrl(url, window.location.href).then((loaded) => {
        if (!live) return;
        if (loaded.ok) useLessonStore.getState().open(loaded.value, null);
        else useLessonStore.getState().showCourseError(loaded.error);
      });
      return () => {
        live = false;
      };
    }
    void loadResumedLesson().then((resumed) => {
      if (live && resumed && !useLessonStore.getState().lesson) useLessonStore.getState().open(resumed.lesson, resumed.file, resumed.step, false);
    });
    return () => {
      live = false;
    };
  }, []);
}

function ChapterPicker() {
  const lesson = useLessonStore((s) => s.lesson);
  const [course, setCourse] = useState<CourseIndex | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void fetchCourse().then((loaded) => {
      if (!live) return;
      if (loaded.ok) setCourse(loaded.value);
      else setError(loaded.error);
    });
    return () => {
      live = false;
    };
  }, []);
  if (error) return <p className="lesson__error">{error}</p>;
  return (
    <label className="lesson__picker">
      <span>Chapter</span>
      <select
        value={lesson?.chapter ?? ''}
        onChange={(event) => {
          const chapter = course?.chapters.find((c) => c.number === Number(event.target.value));
          const file = chapter?.file;
          if (!file) return;
          void fetchLesson(file).then((loaded) => {
            if (loaded.ok) useLessonStore.getState().open(loaded.value, file);
            else useDocumentStore.getState().notify('error', loaded.error);
          });
          event.target.blur();
        }}
      >
        {course?.chapters.map((c) => (
          <option key={c.number} value={c.number} disabled={!c.file}>
            {c.number}. {c.title}
            {c.file ? '' : ' (coming)'}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The canvas changes size when presenter mode starts or ends: fit the network into it again. */
function useRefitOnPresent(): void {
  const presenting = useLessonStore((s) => s.presenting);
  const { fitView } = useReactFlow();
  useEffect(() => {
    // After React Flow has measured its new size (a ResizeObserver callback away).
    const timer = setTimeout(() => void fitView({ padding: 0.25, maxZoom: 1.5 }), 150);
    return () => clearTimeout(timer);
  }, [presenting, fitView]);
}

export function LessonPanel() {
  useLiveChecks();
  usePresenterKeys();
  useRefitOnPresent();
  const state = useLessonStore();
  const doc = useDocumentStore((s) => s.doc);
  const { lesson, step, hintsShown, check, presenting } = state;
  if (!lesson) return null;

  const atRecap = step >= lesson.steps.length;
  const current = atRecap ? null : lesson.steps[step];
  const passed = stepPassed(state, doc);
  const fresh = check && check.lesson === lesson && check.step === step ? check : null;
  const stale = fresh !== null && fresh.doc !== doc;

  return (
    <div className={presenting ? 'lesson lesson--presenting' : 'lesson'}>
      <div className="lesson__bar">
        {presenting ? (
          <ChapterPicker />
        ) : (
          <span className="lesson__chapter">Chapter {lesson.chapter}</span>
        )}
        <span className="lesson__bar-actions">
          <button type="button" className="button button--small" aria-pressed={presenting} onClick={() => state.setPresenting(!presenting)}>
            {presenting ? 'Leave presenter mode' : 'Present'}
          </button>
          {!presenting && (
            <button type="button" className="button button--small" onClick={state.close} aria-label="Close lesson">
              Close
            </button>
          )}
        </span>
      </div>
      <h2 className="lesson__title">{lesson.title}</h2>
      {step === 0 && <Markdown source={lesson.story} className="lesson__story" />}

      {current && (
        <section className="lesson__step" aria-label="Step">
          <p className="lesson__step-count">
            Step {step + 1} of {lesson.steps.length}
          </p>
          <h3 className="lesson__step-title">{current.title}</h3>
          <Markdown source={current.text} />
          <ul className="lesson__checks" aria-label="Goals" aria-busy={stale || !fresh}>
            {current.checks.map((c, i) => {
              const result = fresh?.result?.checks[i];
              const mark = !result || stale ? '○' : result.passed ? '✓' : '✗';
              const cls = !result || stale ? 'pending' : result.passed ? 'passed' : 'failed';
              return (
                <li key={i} className={`lesson__check lesson__check--${cls}`} aria-label={`${c.goal}: ${cls === 'pending' ? 'checking' : cls}`}>
                  <span className="lesson__mark" aria-hidden="true">
                    {mark}
                  </span>
                  <span>
                    <span className="lesson__goal">{c.goal}</span>
                    {result && !result.passed && !stale && <span className="lesson__message">{result.message}</span>}
                  </span>
                </li>
              );
            })}
          </ul>
          {fresh?.error && <p className="lesson__error">{fresh.error}</p>}
          {passed && <p className="lesson__passed" role="status">Step done!</p>}
          {hintsShown > 0 && (
            <ol className="lesson__hints" aria-label="Hints">
              {current.hints.slice(0, hintsShown).map((hint, i) => (
                <li key={i}>
                  <Markdown source={hint} />
                </li>
              ))}
            </ol>
          )}
          <div className="lesson__actions">
            {hintsShown < current.hints.length && (
              <button type="button" className="button button--small" onClick={state.revealHint}>
                Show a hint
              </button>
            )}
            <button type="button" className="button button--small" onClick={state.showMe}>
              Show me
            </button>
            <button type="button" className="button button--small" onClick={state.resetStep}>
              Reset step
            </button>
          </div>
        </section>
      )}

      {atRecap && (
        <section className="lesson__recap" aria-label="Recap">
          <h3 className="lesson__step-title">What you saw</h3>
          <Markdown source={lesson.recap.text} />
          <p className="lesson__question">
            <strong>Next:</strong> {lesson.recap.question}
          </p>
        </section>
      )}

      <nav className="lesson__nav" aria-label="Steps">
        <button type="button" className="button" onClick={state.back} disabled={step === 0}>
          Back
        </button>
        {!atRecap && !passed && (
          <button type="button" className="button button--quiet" onClick={state.next}>
            Skip step
          </button>
        )}
        {!atRecap && (
          <button type="button" className="button button--primary" onClick={state.next} disabled={!passed}>
            {step + 1 === lesson.steps.length ? 'Finish' : 'Next step'}
          </button>
        )}
        {atRecap && (
          <button type="button" className="button button--primary" onClick={() => state.setCourseOpen(true)}>
            Next chapter…
          </button>
        )}
      </nav>
      {presenting && <p className="lesson__keys">→ next · ← back · R reset step · S show me · Esc leave</p>}
    </div>
  );
}
