/**
 * Keyboard moves between the tabs of a WAI-ARIA tablist: ← and → to the
 * previous and next (wrapping), Home and End to the first and last; the
 * chosen tab takes the focus. Returns the tablist's key handler and a ref
 * callback per tab.
 */
import { useRef, type KeyboardEvent } from 'react';

export function useRovingTabs<K>(keys: readonly K[], current: K, choose: (key: K) => void) {
  const refs = useRef(new Map<K, HTMLButtonElement>());

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const index = keys.indexOf(current);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: keys.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const chosen = keys[(next + keys.length) % keys.length];
    choose(chosen);
    refs.current.get(chosen)?.focus();
  };

  const tabRef = (key: K) => (element: HTMLButtonElement | null) => {
    if (element) refs.current.set(key, element);
    else refs.current.delete(key);
  };

  return { onKeyDown, tabRef };
}
