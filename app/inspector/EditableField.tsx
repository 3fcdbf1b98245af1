/**
 * A text field that edits one value of the document. It is checked as the
 * learner types (message under the field, aria-invalid), applied on Enter or
 * when focus leaves, and only when valid; Escape puts back the saved value.
 */
import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface EditableFieldProps {
  /** The visible label; its text content is the input's accessible name. */
  label: ReactNode;
  /** The value in the document. */
  value: string;
  /** The problem with a typed value, or undefined when it could be applied. */
  check: (text: string) => string | undefined;
  /** Applies a checked value; returns an error when the document refused it after all. */
  commit: (text: string) => string | undefined;
  placeholder?: string;
  /** Shown under the field while the value (typed or saved) is valid. */
  hint?: (text: string) => ReactNode;
  monospace?: boolean;
  autoComplete?: string;
}

export function EditableField({ label, value, check, commit, placeholder, hint, monospace, autoComplete = 'off' }: EditableFieldProps) {
  const inputId = useId();
  const messageId = `${inputId}-message`;
  const hintId = `${inputId}-hint`;
  /** What the learner typed; null while the field shows the document's value. */
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | undefined>(undefined);

  const shown = draft ?? value;
  const hintContent = problem === undefined && hint ? hint(shown) : null;

  const revert = () => {
    setDraft(null);
    setProblem(undefined);
  };

  const apply = () => {
    if (draft === null) return;
    if (draft.trim() === value) {
      revert();
      return;
    }
    const error = check(draft) ?? commit(draft);
    if (error !== undefined) {
      setProblem(error);
      return;
    }
    revert();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      apply();
    } else if (event.key === 'Escape' && draft !== null) {
      event.preventDefault();
      event.stopPropagation();
      revert();
    }
  };

  const describedBy = [problem !== undefined ? messageId : null, hintContent ? hintId : null].filter(Boolean).join(' ') || undefined;

  return (
    <div className={`field${problem !== undefined ? ' is-invalid' : ''}${draft !== null ? ' is-edited' : ''}`}>
      <label htmlFor={inputId} className="field__label">
        {label}
      </label>
      <input
        id={inputId}
        className={`field__input${monospace ? ' is-mono' : ''}`}
        type="text"
        value={shown}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete={autoComplete}
        aria-invalid={problem !== undefined}
        aria-describedby={describedBy}
        onChange={(event) => {
          setDraft(event.target.value);
          setProblem(check(event.target.value));
        }}
        onKeyDown={onKeyDown}
        onBlur={apply}
      />
      {problem !== undefined && (
        <p id={messageId} className="field__message" role="alert">
          {problem}
        </p>
      )}
      {hintContent && (
        <div id={hintId} className="field__hint">
          {hintContent}
        </div>
      )}
    </div>
  );
}
