/**
 * A device's interfaces. A network card (any interface with its own MAC: a
 * computer's, a router's) has its MAC and IPv4 address to edit (on DHCP, the
 * leased one to read), a subnet calculator, on hosts a gateway, and an IPv6
 * address beside its link-local one; a switch or hub port only shows where
 * its cable goes. Every interface offers a capture of what passed through it.
 */
import { memo, type ReactNode } from 'react';
import type { DeviceDoc, InterfaceDoc, LinkEnd } from '../../sim-worker/document/schema';
import { checkInterface, setInterface, type InterfacePatch } from '../../sim-worker/document/edits';
import { useDocumentStore } from '../store/document-store';
import { useSelectionStore } from '../store/selection-store';
import { CaptureButton } from '../actions/CaptureButton';
import { DEVICE_KIND_INFO } from '../palette/device-kinds';
import { checkInterfaceIpv6, setInterfaceIpv6 } from '../../sim-worker/document/ipv6-edits';
import { homeRouterRole } from '../../sim-worker/document/home-router-rules';
import { formatIpv6, linkLocalFromMac } from '../../sim-worker/wire/address6';
import { AddressingControl, offersAddressing } from './AddressingControl';
import { EditableField } from './EditableField';
import { SubnetCalculator } from './SubnetCalculator';
import { SubnetFacts, subnetFacts } from './SubnetFacts';
import './inspector-tools.css';

type Field = keyof InterfacePatch;

/** Where this interface's cable goes, by device name, or null when it has none. */
function usePeer(deviceId: string, interfaceName: string): { deviceId: string; deviceName: string; interface: string; linkId: string } | null {
  const link = useDocumentStore((s) =>
    s.doc.links.find((l) => (l.a.device === deviceId && l.a.interface === interfaceName) || (l.b.device === deviceId && l.b.interface === interfaceName)),
  );
  const far: LinkEnd | undefined = link ? (link.a.device === deviceId && link.a.interface === interfaceName ? link.b : link.a) : undefined;
  const farName = useDocumentStore((s) => (far ? s.doc.devices.find((d) => d.id === far.device)?.name : undefined));
  if (!link || !far) return null;
  return { deviceId: far.device, deviceName: farName ?? far.device, interface: far.interface, linkId: link.id };
}

/** Where the cable goes (a button that selects the cable), and a capture of the interface once it has one. */
function PeerAndCapture({ deviceId, interfaceName }: { deviceId: string; interfaceName: string }) {
  const peer = usePeer(deviceId, interfaceName);
  const selectLink = useSelectionStore((s) => s.selectLink);
  if (!peer) return <span className="iface__peer is-muted">no cable</span>;
  return (
    <>
      <button type="button" className="link-button iface__peer" onClick={() => selectLink(peer.linkId)} title="Show this cable">
        → {peer.deviceName} {peer.interface}
      </button>
      {/* An interface without a cable never carries a frame, so only cabled ones offer a capture. */}
      <InterfaceCapture deviceId={deviceId} interfaceName={interfaceName} />
    </>
  );
}

function InterfaceCapture({ deviceId, interfaceName }: { deviceId: string; interfaceName: string }) {
  return (
    <span className="iface__capture">
      <CaptureButton scope={{ kind: 'interface', device: deviceId, interface: interfaceName }} />
    </span>
  );
}

/** A VM's interface: not on a cable but on its host's virtual switch (its network mode wires it); a capture of it all the same. */
function VirtualPeerAndCapture({ vm, interfaceName }: { vm: DeviceDoc; interfaceName: string }) {
  const hostName = useDocumentStore((s) => s.doc.devices.find((d) => d.id === vm.vm?.host)?.name);
  return (
    <>
      <span className="iface__peer is-muted" title={`On ${hostName ?? 'its host'}’s virtual switch: its network mode wires it, not a cable`}>
        → virtual switch
      </span>
      <InterfaceCapture deviceId={vm.id} interfaceName={interfaceName} />
    </>
  );
}

/** Where an interface leads, beside its name. */
function InterfacePeer({ device, interfaceName, role }: { device: DeviceDoc; interfaceName: string; role?: string }) {
  // lan is inside the box, joined to the built-in switch: it never has a cable of its own.
  if (role === HOME_ROUTER_ROLES.lan) return <span className="iface__peer is-muted">inside, on the ports</span>;
  if (device.vm) return <VirtualPeerAndCapture vm={device} interfaceName={interfaceName} />;
  return <PeerAndCapture deviceId={device.id} interfaceName={interfaceName} />;
}

function checkField(deviceId: string, interfaceName: string, field: Field, text: string): string | undefined {
  const doc = useDocumentStore.getState().doc;
  return checkInterface(doc, deviceId, interfaceName, { [field]: text })[field];
}

function commitField(deviceId: string, interfaceName: string, field: Field, text: string): string | undefined {
  const { doc, apply, notify } = useDocumentStore.getState();
  const patch: InterfacePatch = { [field]: text };
  if (field === 'ipv4') {
    // A new network can strand the old gateway; clear it rather than refuse the address, and say so.
    const problems = checkInterface(doc, deviceId, interfaceName, patch);
    if (problems.ipv4 === undefined && problems.gateway !== undefined) {
      const error = apply((d) => setInterface(d, deviceId, interfaceName, { ipv4: text, gateway: '' }));
      if (error === undefined) notify('info', `The gateway was cleared: ${problems.gateway}. Set a gateway in the new network.`);
      return error;
    }
  }
  return apply((d) => setInterface(d, deviceId, interfaceName, patch));
}

/** Hosts reach other networks through a gateway, and so does a home router's wan; routers have routes instead. */
function takesGateway(device: DeviceDoc, iface: InterfaceDoc): boolean {
  return DEVICE_KIND_INFO[device.kind].family === 'host' || (device.kind === 'home-router' && homeRouterRole(iface.name) === 'wan');
}

/** What a home router's wan and lan are, in a few words beside their names. */
const HOME_ROUTER_ROLES = { wan: 'to the ISP', lan: 'the router itself', port: undefined } as const;

function commitIpv6(deviceId: string, interfaceName: string, text: string): string | undefined {
  return useDocumentStore.getState().apply((d) => setInterfaceIpv6(d, deviceId, interfaceName, text));
}

/** Every IP interface also has a link-local address, made from its MAC (modified EUI-64, RFC 4291 §2.5.1). */
function LinkLocal({ mac }: { mac: string }) {
  return (
    <span className="iface__link-local">
      Link-local <code>{formatIpv6(linkLocalFromMac(mac))}</code> (from its MAC)
    </span>
  );
}

/** A network card: an interface with a MAC of its own, which takes IP addresses. */
function isNetworkCard(iface: InterfaceDoc): boolean {
  return iface.mac !== undefined;
}

const AddressedInterface = memo(function AddressedInterface({ device, iface }: { device: DeviceDoc; iface: InterfaceDoc }) {
  const id = device.id;
  const name = iface.name;
  const network = subnetFacts(iface.ipv4 ?? '')?.network ?? '';
  const role = device.kind === 'home-router' ? HOME_ROUTER_ROLES[homeRouterRole(name) ?? 'port'] : undefined;
  const onDhcp = iface.addressing === 'dhcp';
  const labelled = (text: string) => (
    <>
      <span className="visually-hidden">{name} </span>
      {text}
    </>
  );
  /** One of the interface's own fields (`ipv4`, `gateway`, `mac`), checked and applied by the document's interface rules. */
  const ownField = (field: Field, label: string, placeholder: string, hint?: (text: string) => ReactNode) => (
    <EditableField
      label={labelled(label)}
      value={iface[field] ?? ''}
      placeholder={placeholder}
      monospace
      check={(text) => checkField(id, name, field, text)}
      commit={(text) => commitField(id, name, field, text)}
      hint={hint}
    />
  );
  return (
    <li className="iface">
      <div className="iface__head">
        <span className="iface__name">{name}</span>
        {role && <span className="iface__role">{role}</span>}
        <InterfacePeer device={device} interfaceName={name} role={role} />
      </div>
      {offersAddressing(device, iface) && <AddressingControl device={device} iface={iface} showsGateway={takesGateway(device, iface)} />}
      {/* On DHCP the server gives the address: the typed fields give way to the lease (AddressingControl). */}
      {!onDhcp && (
        <>
          {ownField('ipv4', 'IPv4 address', 'e.g. 192.168.1.10/24', (text) => {
            const facts = subnetFacts(text);
            return facts ? <SubnetFacts facts={facts} /> : null;
          })}
          <details className="iface__tool">
            <summary>Subnet calculator</summary>
            <SubnetCalculator seed={network} interfaceName={name} assign={(cidr) => checkField(id, name, 'ipv4', cidr) ?? commitField(id, name, 'ipv4', cidr)} />
          </details>
        </>
      )}
      {!onDhcp && takesGateway(device, iface) && ownField('gateway', 'gateway', 'none, e.g. 192.168.1.1')}
      <EditableField
        label={labelled('IPv6 address')}
        value={iface.ipv6 ?? ''}
        placeholder="none, e.g. 2001:db8:1::10/64"
        monospace
        check={(text) => checkInterfaceIpv6(useDocumentStore.getState().doc, id, name, text)}
        commit={(text) => commitIpv6(id, name, text)}
        hint={() => (iface.mac ? <LinkLocal mac={iface.mac} /> : null)}
      />
      {ownField('mac', 'MAC address', 'e.g. 02:00:00:00:00:0a')}
    </li>
  );
});

function PortRow({ device, iface }: { device: DeviceDoc; iface: InterfaceDoc }) {
  return (
    <li className="port">
      <span className="iface__name">{iface.name}</span>
      <PeerAndCapture deviceId={device.id} interfaceName={iface.name} />
    </li>
  );
}

export function InterfaceList({ device }: { device: DeviceDoc }) {
  const cards = device.interfaces.filter(isNetworkCard);
  const ports = device.interfaces.filter((i) => !isNetworkCard(i));
  return (
    <>
      {cards.length > 0 && (
        <ul className="iface-list">
          {cards.map((iface) => (
            <AddressedInterface key={iface.name} device={device} iface={iface} />
          ))}
        </ul>
      )}
      {/* A home router's built-in switch: its ports under their own heading, apart from its network cards. */}
      {ports.length > 0 && cards.length > 0 && <h4 className="iface-list__ports-title">Switch ports</h4>}
      {ports.length > 0 && (
        <ul className="port-list">
          {ports.map((iface) => (
            <PortRow key={iface.name} device={device} iface={iface} />
          ))}
        </ul>
      )}
    </>
  );
}
