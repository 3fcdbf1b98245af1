import type { CaptureScope } from '../../sim-worker/api';

/** Placeholder until the trace UI lands. */
export function CaptureButton(_props: { scope: CaptureScope; label?: string }) {
  return null;
}
