/**
 * A device's static routes, as `ip route` lists them, and a form to add one
 * (checked as it is typed, applied only when valid) or remove one. Every
 * change goes through the document store, so Ctrl+Z undoes it.
 */
import type { DeviceDoc, RouteDoc } from '../../sim-worker/document/schema';
import { addRoute, checkNewRoute, removeRoute } from '../../sim-worker/document/edits';
import { routeLabel, type RouteField } from '../../sim-worker/document/rules';
import { useDocumentStore } from '../store/document-store';
import { AddButton, FormField, MonoInput, type FormControlProps } from './FormField';
import { RuleList } from './RuleList';
import { useAddForm } from './use-add-form';
import './inspector-tools.css';

type Draft = Record<RouteField, string>;

const EMPTY: Draft = { destination: '', via: '', interface: '', metric: '' };
const FIELDS: readonly RouteField[] = ['destination', 'via', 'interface', 'metric'];

/** Blank fields are left out, as the document leaves them out. */
function routeInput(draft: Draft): Partial<Draft> {
  return Object.fromEntries(FIELDS.filter((f) => draft[f].trim() !== '').map((f) => [f, draft[f]]));
}

/** The route as `ip route` prints it: "10.0.2.0/24 via 10.0.0.2 dev eth1 metric 10". */
function ipRouteText(route: RouteDoc): string {
  const destination = route.destination === '0.0.0.0/0' ? 'default' : route.destination;
  return `${destination} via ${route.via}${route.interface ? ` dev ${route.interface}` : ''}${route.metric ? ` metric ${route.metric}` : ''}`;
}

function removeRouteAt(device: DeviceDoc, route: RouteDoc, index: number): void {
  const { apply, notify } = useDocumentStore.getState();
  const error = apply((doc) => removeRoute(doc, device.id, index));
  notify(error ? 'error' : 'info', error ?? `Removed ${routeLabel(route)} from ${device.name}. Undo (Ctrl+Z) brings it back.`);
}

function AddRouteForm({ device }: { device: DeviceDoc }) {
  const doc = useDocumentStore((s) => s.doc);
  const { draft, formRef, fieldId, shown, wholeProblem, change, add } = useAddForm({
    empty: EMPTY,
    fields: FIELDS,
    whole: 'route',
    check: (d) => checkNewRoute(doc, device.id, routeInput(d)),
    apply: (d) => useDocumentStore.getState().apply((next) => addRoute(next, device.id, routeInput(d))),
    added: (d) => `${device.name} now has ${routeLabel(d)}. Undo (Ctrl+Z) takes it away.`,
    focusFirstProblem: true,
  });
  const field = (name: RouteField, label: string) => ({ id: fieldId(name), label, problem: shown(name), className: `route-form__${name}` });
  const text = (name: 'destination' | 'via' | 'metric', placeholder: string) => (props: FormControlProps) => (
    <MonoInput control={props} value={draft[name]} onChange={(v) => change(name, v)} placeholder={placeholder} numeric={name === 'metric'} />
  );

  return (
    <form className="route-form" ref={formRef} onSubmit={add} noValidate aria-label={`Add a route to ${device.name}`}>
      <FormField {...field('destination', 'Destination')}>{text('destination', '10.0.2.0/24')}</FormField>
      <FormField {...field('via', 'Via (next router)')}>{text('via', '10.0.0.2')}</FormField>
      <FormField {...field('interface', 'Interface')}>
        {(props) => (
          <select {...props} className="field__input" value={draft.interface} onChange={(e) => change('interface', e.target.value)}>
            <option value="">auto (by via)</option>
            {device.interfaces.map((i) => (
              <option key={i.name} value={i.name}>
                {i.name}
                {i.ipv4 ? ` (${i.ipv4})` : ''}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField {...field('metric', 'Metric')}>{text('metric', '0')}</FormField>
      <AddButton label="Add route" problem={wholeProblem} />
    </form>
  );
}

export function RoutesEditor({ device }: { device: DeviceDoc }) {
  const routes = device.routes ?? [];
  return (
    <div className="routes">
      <RuleList
        label={`Static routes of ${device.name}`}
        noun="route"
        none={`No static routes: ${device.name} reaches only the networks on its own interfaces${device.kind === 'computer' ? ' and whatever its gateway reaches' : ''}.`}
        items={routes.map((route, index) => ({
          key: `${route.destination} ${route.via}`,
          text: ipRouteText(route),
          removeLabel: `Remove ${routeLabel(route)}`,
          remove: () => removeRouteAt(device, route, index),
        }))}
      />
      <AddRouteForm device={device} />
    </div>
  );
}
