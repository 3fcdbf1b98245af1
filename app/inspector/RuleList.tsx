/**
 * A list of rules a device holds (static routes, port forwards, DHCP
 * reservations), each shown as its configuration prints it with a button to
 * remove it, or a sentence saying what having none means.
 */
import type { ReactNode } from 'react';
import { TrashIcon } from '../ui/icons';
import './inspector-tools.css';

export interface RuleListItem {
  key: string;
  text: ReactNode;
  /** The remove button's accessible name, naming the rule. */
  removeLabel: string;
  remove: () => void;
}

export function RuleList({ label, none, noun, items }: { label: string; none: ReactNode; noun: string; items: readonly RuleListItem[] }) {
  if (items.length === 0) return <p className="routes__none">{none}</p>;
  return (
    <ul className="routes__list" aria-label={label}>
      {items.map((item) => (
        <li key={item.key} className="routes__item">
          <code className="routes__text">{item.text}</code>
          <button type="button" className="icon-button" onClick={item.remove} aria-label={item.removeLabel} title={`Remove this ${noun}`}>
            <TrashIcon size={16} />
          </button>
        </li>
      ))}
    </ul>
  );
}
