/**
 * Asks the engine something that depends on where the learner is in the
 * trace (a device's tables, the leased addresses), again whenever `key`
 * changes. While playback races ahead, it asks for the newest position only
 * once the previous answer is in, so questions never pile up in the worker.
 */
import { useEffect, useRef, useState } from 'react';

interface Question<A> {
  key: string;
  ask: () => Promise<A>;
}

/** The answer to the newest question asked so far (its key may lag `key` while a newer one is out); null before the first. */
export function useLatestAnswer<A>(key: string, ask: () => Promise<A>): { key: string; answer: A } | null {
  const [latest, setLatest] = useState<{ key: string; answer: A } | null>(null);
  const wanted = useRef<Question<A> | null>(null);
  const askedKey = useRef<string | null>(null);
  const asking = useRef(false);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    wanted.current = { key, ask };
    if (asking.current || askedKey.current === key) return;
    asking.current = true;
    void (async () => {
      let question = wanted.current;
      while (question && mounted.current) {
        askedKey.current = question.key;
        const answer = await question.ask();
        if (!mounted.current) break;
        setLatest({ key: question.key, answer });
        if (wanted.current?.key === question.key) break;
        question = wanted.current;
      }
      asking.current = false;
    })();
  }, [key, ask]);

  return latest;
}
