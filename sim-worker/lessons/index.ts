/**
 * The guided course's engine side, in one import for the lesson player:
 * read and validate lesson files and the course index, check a step by
 * running the learner's network, and find a step's OSI narration for a frame.
 */
export * from './schema';
export { parseLessonText, validateLesson, type LessonValidated } from './validate';
export { parseCourseText, validateCourse, type CourseValidated } from './course';
export { checkStep, type CheckOptions } from './checks';
export { FRAME_LABELS, frameKind, osiNarration } from './frames';
export { MAX_RUN_TASKS } from './run-step';
