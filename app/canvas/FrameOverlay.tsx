/** Placeholder until the trace UI lands. */
export function FrameOverlay() {
  return null;
}
