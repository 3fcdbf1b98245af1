import { useEffect } from 'react';
import { useTraceStore } from '../store/trace-store';

/** Where keys belong to the control that has focus: typing, choosing, moving nodes, lists. */
const OWNS_ARROWS = 'input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="grid"], [role="listbox"], [role="slider"], [role="tablist"], [role="menu"], .react-flow__node';
const OWNS_SPACE = `${OWNS_ARROWS}, button, a[href], summary, [role="button"], [role="checkbox"], [role="switch"]`;

/** Space plays or pauses; ← and → step, whenever focus is not in a control that uses those keys. */
export function usePlaybackKeys(): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const target = event.target instanceof Element ? event.target : null;
      const trace = useTraceStore.getState();
      if (event.key === ' ') {
        if (target?.closest(OWNS_SPACE)) return;
        event.preventDefault();
        trace.togglePlay();
      } else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
        // React Flow prevents Space's default on the whole document (it pans with Space held), so only arrows can trust this.
        if (event.defaultPrevented || target?.closest(OWNS_ARROWS)) return;
        event.preventDefault();
        if (event.key === 'ArrowRight') trace.stepForward();
        else trace.stepBack();
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
