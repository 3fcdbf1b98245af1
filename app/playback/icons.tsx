/** Playback icons in the app's line style (24×24, 1.6px round strokes); decorative. */
import type { ReactNode } from 'react';

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg width={18} height={18} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.6} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

export function ResetIcon() {
  return (
    <Icon>
      <path d="M6 5v14" />
      <path d="M18 6l-9 6 9 6z" />
    </Icon>
  );
}

export function StepBackIcon() {
  return (
    <Icon>
      <path d="M16 6l-7 6 7 6" />
    </Icon>
  );
}

export function StepForwardIcon() {
  return (
    <Icon>
      <path d="M8 6l7 6-7 6" />
    </Icon>
  );
}

export function PlayIcon() {
  return (
    <Icon>
      <path d="M7 5l12 7-12 7z" fill="currentColor" />
    </Icon>
  );
}

export function PauseIcon() {
  return (
    <Icon>
      <path d="M8 5v14M16 5v14" strokeWidth={3} />
    </Icon>
  );
}

export function StopIcon() {
  return (
    <Icon>
      <rect x="6" y="6" width="12" height="12" rx="1.5" />
    </Icon>
  );
}
