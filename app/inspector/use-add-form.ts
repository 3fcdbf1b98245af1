/**
 * The state of a small add-a-rule form (a route, a port forward, a
 * reservation): each field is checked as it is typed but says nothing until
 * the learner has typed in it or pressed Add; Add applies the rule only when
 * every check passes, tells what it did, and empties the form.
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { useDocumentStore } from '../store/document-store';

export interface AddFormSpec<F extends string, W extends string> {
  empty: Readonly<Record<F, string>>;
  /** In the order the form shows them, which is also where focus goes for the first problem. */
  fields: readonly F[];
  /** The key of `check`'s problem with the rule as a whole. */
  whole: W;
  /** Problems of each field, and of the rule as a whole. */
  check: (draft: Record<F, string>) => Partial<Record<F | W, string>>;
  /** True while the draft is still blank, so that an untouched form shows no problems (default: not yet changed). */
  blank?: (draft: Record<F, string>) => boolean;
  /** Applies the rule; an error is notified as it is. */
  apply: (draft: Record<F, string>) => string | null | undefined;
  /** What the learner is told once it is added. */
  added: (draft: Record<F, string>) => string;
  /** Focus the first field with a problem when Add is refused. */
  focusFirstProblem?: boolean;
}

export function useAddForm<F extends string, W extends string>({ empty, fields, whole, check, blank, apply, added, focusFirstProblem }: AddFormSpec<F, W>) {
  const formId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<Record<F, string>>(empty);
  /** Fields the learner has typed in; the others say nothing until Add is pressed. */
  const [touched, setTouched] = useState<ReadonlySet<F>>(new Set());
  const [submitted, setSubmitted] = useState(false);

  const isBlank = blank ? blank(draft) : draft === empty;
  const problems: Partial<Record<F | W, string>> = isBlank ? {} : check(draft);
  const fieldId = (field: F) => `${formId}-${field}`;
  const shown = (field: F) => (submitted || touched.has(field) ? problems[field] : undefined);
  /** The problem of the rule as a whole, once every field is sound and the learner has started. */
  const wholeProblem = fields.every((f) => problems[f] === undefined) && (submitted || touched.size > 0) ? problems[whole] : undefined;

  const change = (field: F, value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
    if (value.trim() !== '') setTouched((t) => new Set(t).add(field));
  };

  const add = (event: FormEvent) => {
    event.preventDefault();
    const checked = check(draft);
    const bad = fields.find((f) => checked[f] !== undefined);
    if (bad || checked[whole]) {
      setSubmitted(true);
      if (bad && focusFirstProblem) formRef.current?.querySelector<HTMLElement>(`#${CSS.escape(fieldId(bad))}`)?.focus();
      return;
    }
    const { notify } = useDocumentStore.getState();
    const error = apply(draft);
    if (error) {
      notify('error', error);
      return;
    }
    notify('info', added(draft));
    setDraft(empty);
    setTouched(new Set());
    setSubmitted(false);
  };

  return { draft, formId, formRef, fieldId, shown, wholeProblem, change, add };
}
