/**
 * A switch that acts on the running network (power a device, cut a cable):
 * pressed while the thing is off or cut, with the simulation's refusal shown
 * beneath it.
 */
import { useState, type ReactNode } from 'react';
import type { Result } from '../../sim-worker/api';

export function ActionToggle({ pressed, act, title, children }: { pressed: boolean; act: () => Promise<Result<void>>; title?: string; children: ReactNode }) {
  const [error, setError] = useState<string | null>(null);
  const toggle = async () => {
    const result = await act();
    setError(result.ok ? null : result.error);
  };
  return (
    <>
      <button type="button" className="button" onClick={() => void toggle()} aria-pressed={pressed} title={title}>
        {children}
      </button>
      {error && (
        <p className="trace-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
