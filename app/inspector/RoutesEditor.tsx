/**
 * A device's static routes, as `ip route` lists them, and a form to add one
 * (checked as it is typed, applied only when valid) or remove one. Every
 * change goes through the document store, so Ctrl+Z undoes it.
 */
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { DeviceDoc, RouteDoc } from '../../sim-worker/document/schema';
import { addRoute, checkNewRoute, removeRoute } from '../../sim-worker/document/edits';
import { routeLabel, type RouteField, type RouteProblems } from '../../sim-worker/document/rules';
import { useDocumentStore } from '../store/document-store';
import { TrashIcon } from '../ui/icons';
import './inspector-tools.css';

type Draft = Record<RouteField, string>;

const EMPTY: Draft = { destination: '', via: '', interface: '', metric: '' };
/** In the order the form shows them, which is also where focus goes for the first problem. */
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

function RouteRow({ device, route, index }: { device: DeviceDoc; route: RouteDoc; index: number }) {
  const remove = () => {
    const { apply, notify } = useDocumentStore.getState();
    const error = apply((doc) => removeRoute(doc, device.id, index));
    notify(error ? 'error' : 'info', error ?? `Removed ${routeLabel(route)} from ${device.name}. Undo (Ctrl+Z) brings it back.`);
  };
  return (
    <li className="routes__item">
      <code className="routes__text">{ipRouteText(route)}</code>
      <button type="button" className="icon-button" onClick={remove} aria-label={`Remove ${routeLabel(route)}`} title="Remove this route">
        <TrashIcon size={16} />
      </button>
    </li>
  );
}

interface RouteFieldProps {
  field: RouteField;
  label: string;
  problem: string | undefined;
  formId: string;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}

function RouteFieldBox({ field, label, problem, formId, children }: RouteFieldProps) {
  const id = `${formId}-${field}`;
  const messageId = `${id}-message`;
  return (
    <div className={`field route-form__${field}${problem ? ' is-invalid' : ''}`}>
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

function AddRouteForm({ device }: { device: DeviceDoc }) {
  const formId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  /** Fields the learner has typed in; the others say nothing until Add is pressed. */
  const [touched, setTouched] = useState<ReadonlySet<RouteField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const doc = useDocumentStore((s) => s.doc);

  const problems: RouteProblems = draft === EMPTY ? {} : checkNewRoute(doc, device.id, routeInput(draft));
  const shown = (field: RouteField) => (submitted || touched.has(field) ? problems[field] : undefined);
  const wholeProblem = FIELDS.every((f) => problems[f] === undefined) ? problems.route : undefined;

  const change = (field: RouteField, value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
    if (value.trim() !== '') setTouched((t) => new Set(t).add(field));
  };

  const add = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkNewRoute(doc, device.id, routeInput(draft));
    const bad = FIELDS.find((f) => checked[f] !== undefined);
    if (bad || checked.route) {
      setSubmitted(true);
      if (bad) formRef.current?.querySelector<HTMLElement>(`#${CSS.escape(`${formId}-${bad}`)}`)?.focus();
      return;
    }
    const { apply, notify } = useDocumentStore.getState();
    const error = apply((d) => addRoute(d, device.id, routeInput(draft)));
    if (error) {
      notify('error', error);
      return;
    }
    notify('info', `${device.name} now has ${routeLabel(draft)}. Undo (Ctrl+Z) takes it away.`);
    setDraft(EMPTY);
    setTouched(new Set());
    setSubmitted(false);
  };

  return (
    <form className="route-form" ref={formRef} onSubmit={add} noValidate aria-label={`Add a route to ${device.name}`}>
      <RouteFieldBox field="destination" label="Destination" problem={shown('destination')} formId={formId}>
        {(props) => (
          <input {...props} className="field__input is-mono" type="text" placeholder="10.0.2.0/24" spellCheck={false} autoComplete="off" value={draft.destination} onChange={(e) => change('destination', e.target.value)} />
        )}
      </RouteFieldBox>
      <RouteFieldBox field="via" label="Via (next router)" problem={shown('via')} formId={formId}>
        {(props) => (
          <input {...props} className="field__input is-mono" type="text" placeholder="10.0.0.2" spellCheck={false} autoComplete="off" value={draft.via} onChange={(e) => change('via', e.target.value)} />
        )}
      </RouteFieldBox>
      <RouteFieldBox field="interface" label="Interface" problem={shown('interface')} formId={formId}>
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
      </RouteFieldBox>
      <RouteFieldBox field="metric" label="Metric" problem={shown('metric')} formId={formId}>
        {(props) => (
          <input {...props} className="field__input is-mono" type="text" inputMode="numeric" placeholder="0" autoComplete="off" value={draft.metric} onChange={(e) => change('metric', e.target.value)} />
        )}
      </RouteFieldBox>
      <button type="submit" className="button route-form__add">
        Add route
      </button>
      {wholeProblem && (submitted || touched.size > 0) && (
        <p className="field__message route-form__problem" role="alert">
          {wholeProblem}
        </p>
      )}
    </form>
  );
}

export function RoutesEditor({ device }: { device: DeviceDoc }) {
  const routes = device.routes ?? [];
  return (
    <div className="routes">
      {routes.length === 0 ? (
        <p className="routes__none">
          No static routes: {device.name} reaches only the networks on its own interfaces{device.kind === 'computer' ? ' and whatever its gateway reaches' : ''}.
        </p>
      ) : (
        <ul className="routes__list" aria-label={`Static routes of ${device.name}`}>
          {routes.map((route, index) => (
            <RouteRow key={`${route.destination} ${route.via}`} device={device} route={route} index={index} />
          ))}
        </ul>
      )}
      <AddRouteForm device={device} />
    </div>
  );
}
