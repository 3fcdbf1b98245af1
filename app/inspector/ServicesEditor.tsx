/**
 * A server's services, each on its port as `ss -tlnp` would list them, with
 * a form to add one (checked as it is typed by the engine's rules, applied
 * only when valid) and a button to remove one; Ctrl+Z undoes either.
 */
import type { DeviceDoc, ServiceDoc } from '../../sim-worker/document/schema';
import { addService, removeService } from '../../sim-worker/document/services-edits';
import { DEFAULT_PORTS, SERVICE_KINDS, type ServiceKind } from '../../sim-worker/document/services-rules';
import { useDocumentStore } from '../store/document-store';
import { AddButton, FormField } from './FormField';
import { RuleList } from './RuleList';
import { newService, serviceProblems, serviceText, type ServiceField } from './service-drafts';
import { useAddForm } from './use-add-form';
import './inspector-tools.css';
import './services.css';

/** Each kind as the select offers it (SSH, FTP and SMTP greet with their banner line; echo sends back what it gets). */
const SERVICE_LABELS: Record<ServiceKind, string> = {
  web: 'Web',
  dns: 'DNS',
  ssh: 'SSH',
  ftp: 'FTP',
  smtp: 'SMTP',
  echo: 'Echo',
};

const FIELDS: readonly ServiceField[] = ['kind', 'port'];
const EMPTY: Record<ServiceField, string> = { kind: 'web', port: '' };

function removeServiceAt(device: DeviceDoc, service: ServiceDoc, index: number): void {
  const { apply, notify } = useDocumentStore.getState();
  const error = apply((doc) => removeService(doc, device.id, index));
  notify(error ? 'error' : 'info', error ?? `${device.name} no longer runs ${serviceText(service)}. Undo (Ctrl+Z) brings it back.`);
}

function AddServiceForm({ device }: { device: DeviceDoc }) {
  const doc = useDocumentStore((s) => s.doc);
  const { draft, fieldId, shown, wholeProblem, change, add } = useAddForm({
    empty: EMPTY,
    fields: FIELDS,
    whole: 'whole',
    check: (d) => serviceProblems(doc, device, d.kind as ServiceKind, d.port),
    apply: (d) => {
      const made = newService(useDocumentStore.getState().doc, d.kind as ServiceKind, d.port);
      return made.service ? useDocumentStore.getState().apply((next) => addService(next, device.id, made.service!)) : Object.values(made.problems)[0];
    },
    added: (d) => `${device.name} now runs ${SERVICE_LABELS[d.kind as ServiceKind]}. Undo (Ctrl+Z) takes it away.`,
  });
  const defaultPort = String(DEFAULT_PORTS[draft.kind as ServiceKind]);

  return (
    <form className="route-form service-form" onSubmit={add} noValidate aria-label={`Add a service to ${device.name}`}>
      <FormField id={fieldId('kind')} label="Service" problem={shown('kind')}>
        {(props) => (
          <select {...props} className="field__input" value={draft.kind} onChange={(e) => change('kind', e.target.value)}>
            {SERVICE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {SERVICE_LABELS[kind]}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField id={fieldId('port')} label="Port" problem={shown('port')}>
        {(props) => (
          <input
            {...props}
            className="field__input is-mono"
            type="text"
            inputMode="numeric"
            placeholder={defaultPort}
            autoComplete="off"
            value={draft.port}
            onChange={(e) => change('port', e.target.value)}
          />
        )}
      </FormField>
      <AddButton label="Add service" problem={wholeProblem} />
    </form>
  );
}

export function ServicesEditor({ device }: { device: DeviceDoc }) {
  const services = device.services ?? [];
  return (
    <div className="routes">
      <RuleList
        label={`Services of ${device.name}`}
        noun="service"
        none="None yet: nothing listens, so a connection to any port is refused (TCP RST) and a UDP packet gets ICMP port unreachable."
        items={services.map((service, index) => ({
          key: `${service.kind}-${index}`,
          text: serviceText(service),
          removeLabel: `Remove the ${service.kind} service`,
          remove: () => removeServiceAt(device, service, index),
        }))}
      />
      <AddServiceForm device={device} />
    </div>
  );
}
