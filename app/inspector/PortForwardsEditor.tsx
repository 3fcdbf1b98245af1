/**
 * A home router's port-forwarding rules: traffic from outside to its WAN
 * address on a port goes to one computer on its LAN. Listed as routers'
 * admin pages list them, with a form to add one (checked as it is typed,
 * applied only when valid) and a button to remove one; Ctrl+Z undoes either.
 */
import type { DeviceDoc, PortForwardDoc } from '../../sim-worker/document/schema';
import { PORT_FORWARD_FIELDS, type PortForwardField } from '../../sim-worker/document/home-router-rules';
import { addPortForward, checkNewPortForward, removePortForward } from '../../sim-worker/document/port-forward-edits';
import { useDocumentStore } from '../store/document-store';
import { AddButton, FormField, MonoInput, type FormControlProps } from './FormField';
import { RuleList } from './RuleList';
import { useAddForm } from './use-add-form';
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

function removeRule(device: DeviceDoc, rule: PortForwardDoc, index: number): void {
  const { apply, notify } = useDocumentStore.getState();
  const error = apply((doc) => removePortForward(doc, device.id, index));
  notify(error ? 'error' : 'info', error ?? `Removed ${portForwardText(rule)} from ${device.name}. Undo (Ctrl+Z) brings it back.`);
}

function AddForwardForm({ device }: { device: DeviceDoc }) {
  const doc = useDocumentStore((s) => s.doc);
  const { draft, fieldId, shown, wholeProblem, change, add } = useAddForm({
    empty: EMPTY,
    fields: PORT_FORWARD_FIELDS,
    whole: 'forward',
    check: (d) => checkNewPortForward(doc, device.id, ruleInput(d)),
    apply: (d) => useDocumentStore.getState().apply((next) => addPortForward(next, device.id, ruleInput(d))),
    added: (d) => `${device.name} now forwards ${d.protocol.toUpperCase()} port ${d.port.trim()} to ${d.to.trim()}. Undo (Ctrl+Z) takes it away.`,
  });

  const text = (field: 'port' | 'to' | 'toPort', placeholder: string) => (props: FormControlProps) => (
    <MonoInput control={props} value={draft[field]} onChange={(v) => change(field, v)} placeholder={placeholder} numeric={field !== 'to'} />
  );

  return (
    <form className="route-form port-forward-form" onSubmit={add} noValidate aria-label={`Add a port forward to ${device.name}`}>
      <FormField id={fieldId('protocol')} label="Protocol" problem={shown('protocol')}>
        {(props) => (
          <select {...props} className="field__input" value={draft.protocol} onChange={(e) => change('protocol', e.target.value)}>
            <option value="udp">UDP</option>
            <option value="tcp">TCP</option>
          </select>
        )}
      </FormField>
      <FormField id={fieldId('port')} label="Outside port" problem={shown('port')}>
        {text('port', '5000')}
      </FormField>
      <FormField id={fieldId('to')} label="To LAN address" problem={shown('to')}>
        {text('to', '192.168.1.100')}
      </FormField>
      <FormField id={fieldId('toPort')} label="Inside port" problem={shown('toPort')}>
        {text('toPort', 'same')}
      </FormField>
      <AddButton label="Add port forward" problem={wholeProblem} />
    </form>
  );
}

export function PortForwardsEditor({ device }: { device: DeviceDoc }) {
  const rules = device.portForwards ?? [];
  return (
    <div className="routes">
      <RuleList
        label={`Port forwards of ${device.name}`}
        noun="rule"
        none="None: anything arriving at the WAN address that no computer inside asked for is dropped, as NAT has nowhere to send it."
        items={rules.map((rule, index) => ({
          key: `${rule.protocol} ${rule.port}`,
          text: portForwardText(rule),
          removeLabel: `Remove the forward of ${rule.protocol.toUpperCase()} port ${rule.port}`,
          remove: () => removeRule(device, rule, index),
        }))}
      />
      <AddForwardForm device={device} />
    </div>
  );
}
