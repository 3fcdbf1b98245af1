/**
 * A labelled control in a small add-a-thing form (a reservation, a port
 * forward), with its problem as an inline message tied to it for screen readers.
 */
import type { ReactNode } from 'react';

/** What the field hands its control: its id and its problem, for screen readers. */
export interface FormControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
}

export interface FormFieldProps {
  /** The control's id; its message's id is derived from it. */
  id: string;
  label: ReactNode;
  problem: string | undefined;
  className?: string;
  children: (props: FormControlProps) => ReactNode;
}

export function FormField({ id, label, problem, className, children }: FormFieldProps) {
  const messageId = `${id}-message`;
  return (
    <div className={`field${className ? ` ${className}` : ''}${problem ? ' is-invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children({ id, 'aria-invalid': problem !== undefined, 'aria-describedby': problem ? messageId : undefined })}
      {problem && (
        <p className="field__message" id={messageId} role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

/** A typed-in technical value (an address, a port, a name): monospace, with no spell check or autofill. */
export function MonoInput({ control, value, onChange, placeholder, numeric, list }: { control: FormControlProps; value: string; onChange: (text: string) => void; placeholder?: string; numeric?: boolean; list?: string }) {
  return (
    <input
      {...control}
      className="field__input is-mono"
      type="text"
      inputMode={numeric ? 'numeric' : undefined}
      list={list}
      placeholder={placeholder}
      spellCheck={false}
      autoComplete="off"
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** The form's Add button, and beneath it the problem with the thing as a whole, once its fields are sound. */
export function AddButton({ label, problem }: { label: string; problem?: string }) {
  return (
    <>
      <button type="submit" className="button route-form__add">
        {label}
      </button>
      {problem && (
        <p className="field__message route-form__problem" role="alert">
          {problem}
        </p>
      )}
    </>
  );
}
