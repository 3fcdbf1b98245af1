/** Placeholder until the trace UI lands. */
export function PlaybackBar() {
  return null;
}
