/** Placeholder until the trace UI lands. */
export function OsiView() {
  return null;
}
