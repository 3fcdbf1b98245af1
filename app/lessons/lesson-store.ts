/**
 * The lesson player's state: the open lesson and step, hints shown, the last
 * check result, presenter mode and the course page. Network changes go
 * through the document store's `replace`, so Show me, Reset step and skipping
 * are all undoable.
 *
 * Step numbers run 0..steps.length; steps.length is the recap after the last step.
 */
import { create } from 'zustand';
import type { NetworkDocument } from '../../sim-worker/document/schema';
import { sameName } from '../../sim-worker/document/rules';
import { stepStart, type Lesson, type LessonStep, type StepResult } from '../../sim-worker/lessons/schema';
import { browserStorage, loadProgress, markStepDone, saveProgress, saveResume, type Progress, type ProgressStorage } from './progress';
import { useDocumentStore } from '../store/document-store';

export interface CheckState {
  lesson: Lesson;
  step: number;
  /** The network the result is for; a different current network means it is stale. */
  doc: NetworkDocument;
  result: StepResult | null;
  error: string | null;
}

export interface LessonState {
  lesson: Lesson | null;
  /** The file it came from, to resume it after a reload (null for a file opened from disk). */
  file: string | null;
  step: number;
  hintsShown: number;
  check: CheckState | null;
  presenting: boolean;
  courseOpen: boolean;
  /** A lesson that failed to open from outside the course page (?lesson=<url>), shown on the course page. */
  courseError: string | null;
  progress: Progress;

  /** Opens a lesson at a step; with `resetNetwork`, the network becomes that step's start. */
  open: (lesson: Lesson, file: string | null, step?: number, resetNetwork?: boolean) => void;
  close: () => void;
  /** Moves to step i; the network becomes its start (the recap keeps the network). */
  goTo: (step: number) => void;
  /** To the next step: keeps the learner's network when this step passed, otherwise starts the next step afresh. */
  next: () => void;
  back: () => void;
  resetStep: () => void;
  showMe: () => void;
  revealHint: () => void;
  setCheck: (check: CheckState) => void;
  setPresenting: (presenting: boolean) => void;
  setCourseOpen: (open: boolean) => void;
  /** Opens the course page showing why a lesson could not be opened. */
  showCourseError: (error: string) => void;
}

/** A step number kept inside the lesson: 0..steps.length (the recap). */
export function clampStep(lesson: Lesson, step: number): number {
  return Math.max(0, Math.min(Math.floor(step), lesson.steps.length));
}

/** Whether the current check result says the step at `step` passed, for this lesson and this network. */
export function stepPassed(state: Pick<LessonState, 'lesson' | 'step' | 'check'>, doc: NetworkDocument): boolean {
  const { check } = state;
  return !!check && check.lesson === state.lesson && check.step === state.step && check.doc === doc && !!check.result?.passed;
}

/** The current step, or null with no lesson or at the recap. */
export function currentStep(state: Pick<LessonState, 'lesson' | 'step'>): LessonStep | null {
  return state.lesson?.steps[state.step] ?? null;
}

/** Whether the current step's highlights name this device (names compare as the document does). */
export function isHighlighted(state: Pick<LessonState, 'lesson' | 'step'>, deviceName: string): boolean {
  return currentStep(state)?.highlights?.devices?.some((name) => sameName(name, deviceName)) ?? false;
}

export interface LessonStoreDeps {
  storage?: ProgressStorage | null;
  documents?: { get(): NetworkDocument; replace(doc: NetworkDocument): void };
}

export function createLessonStore(deps: LessonStoreDeps = {}) {
  const storage = deps.storage === undefined ? browserStorage() : deps.storage;
  const documents = deps.documents ?? {
    get: () => useDocumentStore.getState().doc,
    replace: (doc: NetworkDocument) => useDocumentStore.getState().replace(doc),
  };

  const store = create<LessonState>()((set, get) => {
    const moveTo = (step: number, resetNetwork: boolean) => {
      const { lesson } = get();
      if (!lesson) return;
      const target = clampStep(lesson, step);
      set({ step: target, hintsShown: 0 });
      if (resetNetwork && target < lesson.steps.length) documents.replace(stepStart(lesson, target));
    };

    return {
      lesson: null,
      file: null,
      step: 0,
      hintsShown: 0,
      check: null,
      presenting: false,
      courseOpen: false,
      courseError: null,
      progress: loadProgress(storage),

      open: (lesson, file, step = 0, resetNetwork = true) => {
        set({ lesson, file, step: clampStep(lesson, step), hintsShown: 0, check: null, courseOpen: false });
        if (resetNetwork) moveTo(step, true);
      },
      close: () => set({ lesson: null, file: null, step: 0, hintsShown: 0, check: null, presenting: false }),
      goTo: (step) => moveTo(step, true),
      next: () => {
        const state = get();
        if (!state.lesson || state.step >= state.lesson.steps.length) return;
        moveTo(state.step + 1, !stepPassed(state, documents.get()));
      },
      back: () => {
        const { step } = get();
        if (step > 0) moveTo(step - 1, true);
      },
      resetStep: () => {
        const { lesson, step } = get();
        if (lesson && step < lesson.steps.length) documents.replace(stepStart(lesson, step));
      },
      showMe: () => {
        const { lesson, step } = get();
        if (lesson && step < lesson.steps.length) documents.replace(lesson.steps[step].solution);
      },
      revealHint: () => {
        const { lesson, step, hintsShown } = get();
        const hints = lesson?.steps[step]?.hints.length ?? 0;
        set({ hintsShown: Math.min(hintsShown + 1, hints) });
      },
      setCheck: (check) => {
        set({ check });
        const { lesson, progress } = get();
        if (!check.result?.passed || check.lesson !== lesson) return;
        const stepId = lesson.steps[check.step]?.id;
        if (!stepId) return;
        const next = markStepDone(progress, lesson.chapter, stepId);
        if (next !== progress) {
          set({ progress: next });
          saveProgress(storage, next);
        }
      },
      setPresenting: (presenting) => set({ presenting }),
      setCourseOpen: (courseOpen) => set({ courseOpen, courseError: null }),
      showCourseError: (courseError) => set({ courseOpen: true, courseError }),
    };
  });

  // Remember where the learner is, so a reload resumes there.
  store.subscribe((state, previous) => {
    if (state.file === previous.file && state.step === previous.step && state.lesson === previous.lesson) return;
    saveResume(storage, state.lesson && state.file ? { file: state.file, step: state.step } : null);
  });

  return store;
}

export const useLessonStore = createLessonStore();
