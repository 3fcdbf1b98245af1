/**
 * A device's DHCP server, one scope per interface it serves: "Enable DHCP
 * server" proposes a pool in the interface's network; then the pool, lease
 * time, gateway, DNS servers and reservations are edited in place. Every
 * field is checked as it is typed by the same rules as a loaded document
 * (dhcp-rules.ts), applied only when the whole scope is sound, and goes
 * through the document store, so Ctrl+Z undoes it.
 */
import type { DeviceDoc, DhcpServerDoc, InterfaceDoc } from '../../sim-worker/document/schema';
import { setDhcpServer, suggestDhcpScope } from '../../sim-worker/document/dhcp-edits';
import { DHCP_DEFAULT_LEASE_SECONDS } from '../../sim-worker/document/dhcp-rules';
import { homeRouterRole } from '../../sim-worker/document/home-router-rules';
import { useDocumentStore } from '../store/document-store';
import { fieldProblem, scopeProblems, withField, type Scope, type ScopeField } from './dhcp-drafts';
import { EditableField } from './EditableField';
import { formatDuration } from './format';
import { AddButton, FormField, MonoInput } from './FormField';
import { RuleList } from './RuleList';
import { useAddForm } from './use-add-form';
import './inspector-tools.css';
import './addressing.css';

/** The interfaces a DHCP server may serve: network cards, and on a home router only `lan` (its `wan` faces the ISP). */
function servable(device: DeviceDoc): InterfaceDoc[] {
  return device.interfaces.filter((i) => i.mac !== undefined && (device.kind !== 'home-router' || homeRouterRole(i.name) === 'lan'));
}

function applyScope(deviceId: string, interfaceName: string, scope: Record<string, unknown> | undefined): string | undefined {
  return useDocumentStore.getState().apply((doc) => setDhcpServer(doc, deviceId, interfaceName, scope as Scope | undefined));
}

function ScopeFields({ device, iface, scope }: { device: DeviceDoc; iface: InterfaceDoc; scope: DhcpServerDoc }) {
  const name = iface.name;
  const own = iface.ipv4?.split('/')[0] ?? '';
  const check = (field: ScopeField, text: string) => fieldProblem(useDocumentStore.getState().doc, device.id, name, scope, field, text);
  const field = (key: ScopeField, label: string, value: string, placeholder: string, hint?: (text: string) => string | null) => (
    <EditableField
      label={
        <>
          <span className="visually-hidden">{name} </span>
          {label}
        </>
      }
      value={value}
      placeholder={placeholder}
      monospace
      check={(text) => check(key, text)}
      commit={(text) => applyScope(device.id, name, withField(scope, key, text))}
      hint={hint}
    />
  );
  return (
    <div className="dhcp-scope__fields">
      {field('poolStart', 'Pool start', scope.poolStart, 'e.g. 192.168.1.100')}
      {field('poolEnd', 'Pool end', scope.poolEnd, 'e.g. 192.168.1.199')}
      {field('leaseSeconds', 'Lease time (seconds)', scope.leaseSeconds === undefined ? '' : String(scope.leaseSeconds), `${DHCP_DEFAULT_LEASE_SECONDS} (1 day)`, (text) =>
        /^\d+$/.test(text.trim()) ? formatDuration(Number(text.trim())) : null,
      )}
      {field('gateway', 'Gateway handed out', scope.gateway ?? '', own ? `${own} (this interface)` : 'this interface')}
      {field('dns', 'DNS servers', (scope.dns ?? []).join(', '), 'none, e.g. 8.8.8.8, 1.1.1.1')}
    </div>
  );
}

function Reservations({ device, iface, scope }: { device: DeviceDoc; iface: InterfaceDoc; scope: DhcpServerDoc }) {
  const reservations = scope.reservations ?? [];
  const remove = (index: number) => {
    const { notify } = useDocumentStore.getState();
    const rest = reservations.filter((_, i) => i !== index);
    const next: Record<string, unknown> = { ...scope };
    if (rest.length === 0) delete next.reservations;
    else next.reservations = rest;
    const error = applyScope(device.id, iface.name, next);
    notify(error ? 'error' : 'info', error ?? `Removed the reservation of ${reservations[index].ipv4}. Undo (Ctrl+Z) brings it back.`);
  };
  return (
    <div className="dhcp-scope__reservations">
      <h4 className="dhcp-scope__subtitle">Reservations</h4>
      <RuleList
        label={`Reservations on ${device.name} ${iface.name}`}
        noun="reservation"
        none="None: every client gets the next free address of the pool."
        items={reservations.map((r, index) => ({ key: r.mac, text: `${r.mac} → ${r.ipv4}`, removeLabel: `Remove the reservation for ${r.mac}`, remove: () => remove(index) }))}
      />
      <AddReservationForm device={device} iface={iface} scope={scope} />
    </div>
  );
}

/** MACs of the computers and VMs in the document, offered while typing a reservation. */
function useClientMacs(): { mac: string; label: string }[] {
  const devices = useDocumentStore((s) => s.doc.devices);
  return devices.flatMap((d) => (d.kind === 'computer' || d.kind === 'vm' ? d.interfaces.flatMap((i) => (i.mac ? [{ mac: i.mac, label: `${d.name} ${i.name}` }] : [])) : []));
}

const RESERVATION_FIELDS = ['mac', 'ipv4'] as const;
const NO_RESERVATION = { mac: '', ipv4: '' };

function AddReservationForm({ device, iface, scope }: { device: DeviceDoc; iface: InterfaceDoc; scope: DhcpServerDoc }) {
  const doc = useDocumentStore((s) => s.doc);
  const macs = useClientMacs();
  const reservations = scope.reservations ?? [];
  const reservationPath = `reservations[${reservations.length}]`;
  const candidate = (draft: { mac: string; ipv4: string }) => ({ ...scope, reservations: [...reservations, draft] });
  const { draft, formId, fieldId, shown, change, add } = useAddForm({
    empty: NO_RESERVATION,
    fields: RESERVATION_FIELDS,
    whole: 'scope',
    check: (d) => {
      const problems = scopeProblems(doc, device.id, iface.name, candidate(d));
      const message = (key: string) => problems.find((p) => p.path === `${reservationPath}.${key}`)?.message;
      return { mac: message('mac'), ipv4: message('ipv4'), scope: problems[0]?.message };
    },
    blank: (d) => d.mac === '' && d.ipv4 === '',
    apply: (d) => applyScope(device.id, iface.name, candidate(d)),
    added: (d) => `${d.ipv4.trim()} is now kept for ${d.mac.trim()}. Undo (Ctrl+Z) takes it away.`,
  });

  return (
    <form className="route-form reservation-form" onSubmit={add} noValidate aria-label={`Add a reservation on ${device.name} ${iface.name}`}>
      <datalist id={`${formId}-macs`}>
        {macs.map((m) => (
          <option key={m.mac} value={m.mac}>
            {m.label}
          </option>
        ))}
      </datalist>
      <FormField id={fieldId('mac')} label="Client MAC" problem={shown('mac')}>
        {(props) => (
          <MonoInput control={props} value={draft.mac} onChange={(v) => change('mac', v)} placeholder="02:00:00:00:00:0a" list={`${formId}-macs`} />
        )}
      </FormField>
      <FormField id={fieldId('ipv4')} label="Address kept for it" problem={shown('ipv4')}>
        {(props) => (
          <MonoInput control={props} value={draft.ipv4} onChange={(v) => change('ipv4', v)} placeholder={scope.poolStart} />
        )}
      </FormField>
      <AddButton label="Add reservation" />
    </form>
  );
}

function enable(device: DeviceDoc, iface: InterfaceDoc): void {
  const { doc, apply, notify } = useDocumentStore.getState();
  const suggested = suggestDhcpScope(doc, device.id, iface.name);
  if (!suggested.ok) {
    notify('error', suggested.error);
    return;
  }
  const { poolStart, poolEnd } = suggested.value;
  const error = apply((d) => setDhcpServer(d, device.id, iface.name, { poolStart, poolEnd }));
  notify(
    error ? 'error' : 'info',
    error ?? `${device.name} now hands out ${poolStart}–${poolEnd} on ${iface.name}'s network, with itself as the gateway. Computers set to DHCP get their address when the network starts.`,
  );
}

function disable(device: DeviceDoc, iface: InterfaceDoc): void {
  const { notify } = useDocumentStore.getState();
  const error = applyScope(device.id, iface.name, undefined);
  notify(error ? 'error' : 'info', error ?? `${device.name} no longer serves DHCP on ${iface.name}. Undo (Ctrl+Z) turns it back on.`);
}

function ScopeCard({ device, iface }: { device: DeviceDoc; iface: InterfaceDoc }) {
  const scope = device.dhcpServers?.find((s) => s.interface === iface.name);
  return (
    <li className="dhcp-scope">
      <div className="iface__head">
        <span className="iface__name">{iface.name}</span>
        <code className="dhcp-scope__network">{iface.ipv4}</code>
        {scope && (
          <button type="button" className="link-button dhcp-scope__off" onClick={() => disable(device, iface)}>
            Turn off<span className="visually-hidden"> the DHCP server on {iface.name}</span>
          </button>
        )}
      </div>
      {scope ? (
        <>
          <ScopeFields device={device} iface={iface} scope={scope} />
          <Reservations device={device} iface={iface} scope={scope} />
        </>
      ) : (
        <button type="button" className="button dhcp-scope__enable" onClick={() => enable(device, iface)}>
          Enable DHCP server on {iface.name}
        </button>
      )}
    </li>
  );
}

export function DhcpServerEditor({ device }: { device: DeviceDoc }) {
  const interfaces = servable(device);
  const addressed = interfaces.filter((i) => i.ipv4 !== undefined);
  return (
    <div className="dhcp-server">
      <p className="routes__none">
        {device.dhcpServers?.length
          ? 'Hands out addresses to the computers set to DHCP on these networks. Its leases are in the "DHCP leases" table below.'
          : 'Off: computers set to DHCP on these networks wait for an address. Enable it on the interface that faces them.'}
      </p>
      {addressed.length === 0 ? (
        <p className="routes__none">Give an interface an IPv4 address first: a DHCP server hands out addresses of its interface's network.</p>
      ) : (
        <ul className="dhcp-scope-list">
          {addressed.map((iface) => (
            <ScopeCard key={iface.name} device={device} iface={iface} />
          ))}
        </ul>
      )}
    </div>
  );
}
