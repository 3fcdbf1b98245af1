/**
 * One titled section of the inspector. Folded, it is a disclosure (<details>)
 * that shows only its title until opened: for settings a device kind rarely
 * needs, like a computer's static routes.
 */
import { useId, type ReactNode } from 'react';
import './inspector-tools.css';

export interface InspectorSectionProps {
  title: ReactNode;
  /** Starts closed under its title. */
  folded?: boolean;
  className?: string;
  children: ReactNode;
}

export function InspectorSection({ title, folded, className, children }: InspectorSectionProps) {
  const titleId = useId();
  const classes = `inspector-section${className ? ` ${className}` : ''}`;
  if (folded) {
    return (
      <details className={`${classes} inspector-disclosure`}>
        <summary className="inspector-disclosure__summary">
          <h3 className="section-title">{title}</h3>
        </summary>
        <div className="inspector-disclosure__body">{children}</div>
      </details>
    );
  }
  return (
    <section className={classes} aria-labelledby={titleId}>
      <h3 className="section-title" id={titleId}>
        {title}
      </h3>
      {children}
    </section>
  );
}
