/** A validation problem as sim-worker/document/validate.ts reports it. */
export interface DocumentProblem {
  path: string;
  message: string;
}

const SHOWN = 3;

/** The first few problems with their JSON paths, in one line for the banner. */
export function describeProblems(problems: readonly DocumentProblem[]): string {
  if (problems.length === 0) return 'It is not a Flintnet network.';
  const shown = problems.slice(0, SHOWN).map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
  const more = problems.length > SHOWN ? ` (and ${problems.length - SHOWN} more)` : '';
  return `${shown.join('; ')}${more}.`.replace(/\.\.$/, '.');
}
