/**
 * A home router's port-forwarding rules: traffic from outside to its WAN
 * address on a port goes to one computer on its LAN. Listed as routers'
 * admin pages list them, with a form to add one (checked as it is typed,
 * applied only when valid) and a button to remove one; Ctrl+Z undoes either.
 */
import { useId, useState, type FormEvent } from 'react';
import type { DeviceDoc, PortForwardDoc } from '../../sim-worker/document/schema';
import { PORT_FORWARD_FIELDS, type PortForwardField } from '../../sim-worker/document/home-router-rules';
import { addPortForward, checkNewPortForward, removePortForward } from '../../sim-worker/document/port-forward-edits';
import { useDocumentStore } from '../store/document-store';
import { TrashIcon } from '../ui/icons';
import { FormField } from './FormField';
import './inspector-tools.css';

type Draft = Record<PortForwardField, string>;

const EMPTY: Draft = { protocol: 'udp', port: '', to: '', toPort: '' };

/** Blank fields are left out, as the document leaves them out. */
function ruleInput(draft: Draft): Partial<Draft> {
  return Object.fromEntries(PORT_FORWARD_FIELDS.filter((f) => draft[f].trim() !== '').map((f) => [f, draft[f].trim()]));
}

/** "UDP 5000 → 192.168.1.100:5000". */
export function portForwardText(rule: Pick<PortForwardDoc, 'protocol' | 'port' | 'to' | 'toPort'>): string {
  return `${rule.protocol.toUpperCase()} ${rule.port} → ${rule.to}:${rule.toPort ?? rule.port}`;
}

function RuleRow({ device, rule, index }: { device: DeviceDoc; rule: PortForwardDoc; index: number }) {
  const remove = () => {
    const { apply, notify } = useDocumentStore.getState();
    const error = apply((doc) => removePortForward(doc, device.id, index));
    notify(error ? 'error' : 'info', error ?? `Removed ${portForwardText(rule)} from ${device.name}. Undo (Ctrl+Z) brings it back.`);
  };
  return (
    <li className="routes__item">
      <code className="routes__text">{portForwardText(rule)}</code>
      <button type="button" className="icon-button" onClick={remove} aria-label={`Remove the forward of ${rule.protocol.toUpperCase()} port ${rule.port}`} title="Remove this rule">
        <TrashIcon size={16} />
      </button>
    </li>
  );
}

function AddForwardForm({ device }: { device: DeviceDoc }) {
  const id = useId();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [touched, setTouched] = useState<ReadonlySet<PortForwardField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const doc = useDocumentStore((s) => s.doc);
  const problems = draft === EMPTY ? {} : checkNewPortForward(doc, device.id, ruleInput(draft));
  const shown = (field: PortForwardField) => (submitted || touched.has(field) ? problems[field] : undefined);
  const wholeProblem = PORT_FORWARD_FIELDS.every((f) => problems[f] === undefined) ? problems.forward : undefined;

  const change = (field: PortForwardField, value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
    if (value.trim() !== '') setTouched((t) => new Set(t).add(field));
  };

  const add = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkNewPortForward(doc, device.id, ruleInput(draft));
    if (Object.values(checked).some((p) => p !== undefined)) {
      setSubmitted(true);
      return;
    }
    const { apply, notify } = useDocumentStore.getState();
    const error = apply((d) => addPortForward(d, device.id, ruleInput(draft)));
    if (error) {
      notify('error', error);
      return;
    }
    notify('info', `${device.name} now forwards ${draft.protocol.toUpperCase()} port ${draft.port.trim()} to ${draft.to.trim()}. Undo (Ctrl+Z) takes it away.`);
    setDraft(EMPTY);
    setTouched(new Set());
    setSubmitted(false);
  };

  const text = (field: 'port' | 'to' | 'toPort', placeholder: string) => (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => (
    <input
      {...props}
      className="field__input is-mono"
      type="text"
      inputMode={field === 'to' ? undefined : 'numeric'}
      placeholder={placeholder}
      spellCheck={false}
      autoComplete="off"
      value={draft[field]}
      onChange={(e) => change(field, e.target.value)}
    />
  );

  return (
    <form className="route-form port-forward-form" onSubmit={add} noValidate aria-label={`Add a port forward to ${device.name}`}>
      <FormField id={`${id}-protocol`} label="Protocol" problem={shown('protocol')}>
        {(props) => (
          <select {...props} className="field__input" value={draft.protocol} onChange={(e) => change('protocol', e.target.value)}>
            <option value="udp">UDP</option>
            <option value="tcp">TCP</option>
          </select>
        )}
      </FormField>
      <FormField id={`${id}-port`} label="Outside port" problem={shown('port')}>
        {text('port', '5000')}
      </FormField>
      <FormField id={`${id}-to`} label="To LAN address" problem={shown('to')}>
        {text('to', '192.168.1.100')}
      </FormField>
      <FormField id={`${id}-toPort`} label="Inside port" problem={shown('toPort')}>
        {text('toPort', 'same')}
      </FormField>
      <button type="submit" className="button route-form__add">
        Add port forward
      </button>
      {wholeProblem && (submitted || touched.size > 0) && (
        <p className="field__message route-form__problem" role="alert">
          {wholeProblem}
        </p>
      )}
    </form>
  );
}

export function PortForwardsEditor({ device }: { device: DeviceDoc }) {
  const rules = device.portForwards ?? [];
  return (
    <div className="routes">
      {rules.length === 0 ? (
        <p className="routes__none">None: anything arriving at the WAN address that no computer inside asked for is dropped, as NAT has nowhere to send it.</p>
      ) : (
        <ul className="routes__list" aria-label={`Port forwards of ${device.name}`}>
          {rules.map((rule, index) => (
            <RuleRow key={`${rule.protocol} ${rule.port}`} device={device} rule={rule} index={index} />
          ))}
        </ul>
      )}
      <AddForwardForm device={device} />
    </div>
  );
}
