/**
 * How an interface gets its IPv4 address: typed in ("Static") or leased from
 * a DHCP server ("DHCP"). On DHCP the address and gateway are not the
 * document's to edit: they show, read-only, what the device's live "DHCP
 * lease" table holds as of the selected event, with Renew and Release
 * (`dhclient`, `dhclient -r`). Computers, VMs and a home router's `wan`.
 */
import { useId, useState, type ReactNode } from 'react';
import type { DeviceDoc, InterfaceDoc } from '../../sim-worker/document/schema';
import { setAddressing } from '../../sim-worker/document/dhcp-edits';
import { takesDhcpAddressing } from '../../sim-worker/document/dhcp-rules';
import { useDocumentStore } from '../store/document-store';
import { useTraceStore } from '../store/trace-store';
import { simClient } from '../sim/client';
import { useDeviceTables } from './LiveTables';
import { leaseOf, type Lease } from './dhcp-drafts';
import { formatDuration } from './format';
import { SubnetFacts, subnetFacts } from './SubnetFacts';
import './inspector-tools.css';
import './addressing.css';

type Addressing = 'static' | 'dhcp';

/** Whether this interface offers the Static / DHCP choice at all. */
export function offersAddressing(device: DeviceDoc, iface: InterfaceDoc): boolean {
  return takesDhcpAddressing(device.kind, iface.name);
}

function choose(device: DeviceDoc, iface: InterfaceDoc, addressing: Addressing): void {
  const { apply, notify } = useDocumentStore.getState();
  const error = apply((doc) => setAddressing(doc, device.id, iface.name, addressing));
  if (error) {
    notify('error', error);
    return;
  }
  const dropped = addressing === 'dhcp' && iface.ipv4 ? ` Its typed address ${iface.ipv4} was put aside: Undo (Ctrl+Z) brings it back.` : '';
  notify(
    'info',
    addressing === 'dhcp'
      ? `${device.name} ${iface.name} now asks a DHCP server for its address when the network starts.${dropped}`
      : `${device.name} ${iface.name} is static again: type its address.`,
  );
}

/** The "Static / DHCP" switch, as two radio buttons. */
function AddressingChoice({ device, iface }: { device: DeviceDoc; iface: InterfaceDoc }) {
  const labelId = useId();
  const current: Addressing = iface.addressing ?? 'static';
  const option = (value: Addressing, text: string, title: string) => (
    <label className={`segmented__option${current === value ? ' is-checked' : ''}`} title={title}>
      <input
        type="radio"
        name={labelId}
        value={value}
        checked={current === value}
        onChange={() => choose(device, iface, value)}
      />
      {text}
    </label>
  );
  return (
    <div className="addressing__choice">
      <span className="field__label" id={labelId}>
        <span className="visually-hidden">{iface.name} </span>IPv4 addressing
      </span>
      <div className="segmented" role="radiogroup" aria-labelledby={labelId}>
        {option('static', 'Static', 'You type the address and gateway')}
        {option('dhcp', 'DHCP', 'A DHCP server on this network hands out the address and gateway')}
      </div>
    </div>
  );
}

/** What the lease means, or why there is none, in a sentence. */
function leaseStatus(device: DeviceDoc, iface: InterfaceDoc, lease: Lease | null, cabled: boolean, cursor: number | null): string {
  const when = cursor === null ? '' : ` as of event ${cursor}`;
  if (lease) {
    const seconds = Number.parseInt(lease.lease, 10);
    const length = Number.isNaN(seconds) ? lease.lease : formatDuration(seconds);
    return `Leased${when} from the DHCP server ${lease.server} for ${length}. It renews at ${lease.renewsAt} and expires at ${lease.expiresAt} (simulated time).`;
  }
  if (!cabled) return `No lease: ${iface.name} has no cable, so no DHCP server can hear it ask. Connect it first.`;
  const waiting = `No lease${when || ' yet'}: the address comes when`;
  return device.kind === 'home-router'
    ? `${waiting} the ISP's DHCP server answers. If none does, enable it in the ISP's inspector, or set wan to Static.`
    : `${waiting} a DHCP server on this network answers, usually its router's. If none does, enable one in the router's inspector.`;
}

/** A value the learner reads but does not type: an input, so it lines up with the static fields and keeps its label. */
function ReadOnlyField({ label, value, placeholder }: { label: ReactNode; value: string; placeholder: string }) {
  const id = useId();
  return (
    <div className="field is-readonly">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <input id={id} className="field__input is-mono" type="text" value={value} placeholder={placeholder} readOnly />
    </div>
  );
}

function LeaseButtons({ device, iface }: { device: DeviceDoc; iface: InterfaceDoc }) {
  const running = useTraceStore((s) => s.running);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const send = async (op: 'renew' | 'release') => {
    setSending(true);
    const result = await simClient().act({ kind: 'dhcp', device: device.id, interface: iface.name, op });
    setSending(false);
    setError(result.ok ? null : result.error);
  };
  const busy = sending || running;
  return (
    <>
      <div className="addressing__buttons">
        <button type="button" className="button" disabled={busy} onClick={() => void send('renew')} title={`dhclient ${iface.name}: ask for a lease, or extend the one it has`}>
          Renew
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => void send('release')} title={`dhclient -r ${iface.name}: hand the address back to the server`}>
          Release
        </button>
      </div>
      {error && (
        <p className="trace-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

/** The leased address and gateway, read-only, as of the selected event; or that none has come yet. */
function LeasedAddress({ device, iface, showsGateway }: { device: DeviceDoc; iface: InterfaceDoc; showsGateway: boolean }) {
  const answer = useDeviceTables(device.id);
  const lease = answer?.tables ? leaseOf(answer.tables, iface.name) : null;
  const cabled = useDocumentStore((st) => st.doc.links.some((l) => [l.a, l.b].some((end) => end.device === device.id && end.interface === iface.name)));
  const cursor = answer?.request.cursor ?? null;
  const labelled = (text: string) => (
    <>
      <span className="visually-hidden">{iface.name} </span>
      {text}
    </>
  );
  const waiting = 'waiting for a lease';
  const facts = lease ? subnetFacts(lease.address) : null;
  return (
    <div className="addressing__lease">
      <ReadOnlyField label={labelled('IPv4 address (from DHCP)')} value={lease?.address ?? ''} placeholder={waiting} />
      {facts && <SubnetFacts facts={facts} />}
      {showsGateway && <ReadOnlyField label={labelled('gateway (from DHCP)')} value={lease ? (lease.gateway === 'none' ? '' : lease.gateway) : ''} placeholder={lease ? 'none given' : waiting} />}
      <p className="addressing__status" role="status">
        {leaseStatus(device, iface, lease, cabled, cursor)}
      </p>
      <LeaseButtons device={device} iface={iface} />
    </div>
  );
}

/**
 * The Static / DHCP choice, and on DHCP the leased address in place of the
 * typed fields (the interface list shows those only on Static).
 */
export function AddressingControl({ device, iface, showsGateway }: { device: DeviceDoc; iface: InterfaceDoc; showsGateway: boolean }) {
  return (
    <>
      <AddressingChoice device={device} iface={iface} />
      {iface.addressing === 'dhcp' && <LeasedAddress device={device} iface={iface} showsGateway={showsGateway} />}
    </>
  );
}
