/**
 * A labelled control in a small add-a-thing form (a reservation, a port
 * forward), with its problem as an inline message tied to it for screen readers.
 */
import type { ReactNode } from 'react';

export interface FormFieldProps {
  /** The control's id; its message's id is derived from it. */
  id: string;
  label: ReactNode;
  problem: string | undefined;
  className?: string;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
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
