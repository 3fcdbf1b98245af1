/**
 * What the inspector shows for a device, section by section, in order. Each
 * entry says which devices it is for and renders its own section; a new
 * feature (a DHCP server, port forwards, power) is one more entry here.
 */
import type { ComponentType } from 'react';
import type { DeviceDoc, DnsServiceDoc, WebServiceDoc } from '../../sim-worker/document/schema';
import { runsServices, takesDnsServers } from '../../sim-worker/document/services-rules';
import { addInterface } from '../../sim-worker/document/edits';
import { takesRoutes } from '../../sim-worker/document/rules';
import { takesDhcpServers } from '../../sim-worker/document/dhcp-rules';
import { CommandPanel } from '../actions/CommandPanel';
import { DEVICE_KIND_INFO } from '../palette/device-kinds';
import { useDocumentStore } from '../store/document-store';
import { ConnectControl } from './ConnectControl';
import { DhcpServerEditor } from './DhcpServerEditor';
import { DnsServersField } from './DnsServersField';
import { DnsServiceEditor } from './DnsServiceEditor';
import { InspectorSection } from './InspectorSection';
import { InterfaceList } from './InterfaceList';
import { LiveTables } from './LiveTables';
import { PortForwardsEditor } from './PortForwardsEditor';
import { RoutesEditor } from './RoutesEditor';
import { ServicesEditor } from './ServicesEditor';
import { WebServiceEditor } from './WebServiceEditor';
import { GuestsSection, VmSection } from './VmSection';

export interface DeviceSection {
  key: string;
  shows: (device: DeviceDoc) => boolean;
  Component: ComponentType<{ device: DeviceDoc }>;
}

const isHost = (device: DeviceDoc) => DEVICE_KIND_INFO[device.kind].family === 'host';
/** Routers take more interfaces as the network grows; a computer's card and a switch's ports are fixed. */
const growsInterfaces = (device: DeviceDoc) => device.kind === 'router' || device.kind === 'isp';
/** Devices with an IP stack of their own run commands (a router can ping and traceroute too). */
const runsCommands = (device: DeviceDoc) => device.kind === 'computer' || device.kind === 'server' || device.kind === 'vm' || device.kind === 'router' || device.kind === 'isp';
/** The device's service of `kind` and its place in the list, if it runs one. */
const serviceOf = <K extends 'dns' | 'web'>(device: DeviceDoc, kind: K) => {
  const index = (device.services ?? []).findIndex((s) => s.kind === kind);
  return index < 0 ? undefined : { index, service: device.services![index] as K extends 'dns' ? DnsServiceDoc : WebServiceDoc };
};

function addInterfaceTo(device: DeviceDoc): void {
  let added: string | undefined;
  const { apply, notify } = useDocumentStore.getState();
  const error = apply((doc) => {
    const result = addInterface(doc, device.id);
    if (result.ok) added = result.interfaceName;
    return result;
  });
  notify(error ? 'error' : 'info', error ?? `Added ${added} to ${device.name}: give it an address and a cable.`);
}

function InterfacesSection({ device }: { device: DeviceDoc }) {
  const cards = device.interfaces.filter((i) => i.mac !== undefined).length;
  const title = cards === 0 ? 'Ports' : isHost(device) && cards === 1 ? 'Network interface' : 'Interfaces';
  return (
    <InspectorSection title={title}>
      {device.kind === 'home-router' && (
        <p className="inspector-note">
          One box, three parts: <b>wan</b> goes to the ISP; <b>lan</b> is the router itself, the gateway of the computers inside (no socket, no cable); <b>port1</b>–<b>port4</b> are its built-in switch, where computers plug in.
        </p>
      )}
      <InterfaceList device={device} />
      {growsInterfaces(device) && (
        <button type="button" className="button add-interface" onClick={() => addInterfaceTo(device)}>
          Add interface
        </button>
      )}
    </InspectorSection>
  );
}

function CableSection({ device }: { device: DeviceDoc }) {
  return (
    <InspectorSection title="Cable">
      <ConnectControl device={device} />
    </InspectorSection>
  );
}

function RoutesSection({ device }: { device: DeviceDoc }) {
  const count = device.routes?.length ?? 0;
  // A computer mostly needs only its gateway, so its routes wait folded away.
  return (
    <InspectorSection title={`Routes${count > 0 ? ` (${count})` : ''}`} folded={isHost(device)} className="routes-section">
      <RoutesEditor device={device} />
    </InspectorSection>
  );
}

function CommandsSection({ device }: { device: DeviceDoc }) {
  return <CommandPanel deviceId={device.id} />;
}

function DhcpServerSection({ device }: { device: DeviceDoc }) {
  const on = (device.dhcpServers?.length ?? 0) > 0;
  return (
    <InspectorSection title={`DHCP server${on ? '' : ' (off)'}`} className="dhcp-server-section">
      <DhcpServerEditor device={device} />
    </InspectorSection>
  );
}

function PortForwardsSection({ device }: { device: DeviceDoc }) {
  const count = device.portForwards?.length ?? 0;
  // Most home networks never forward a port, so the rules wait folded away.
  return (
    <InspectorSection title={`Port forwarding${count > 0 ? ` (${count})` : ''}`} folded={count === 0}>
      <PortForwardsEditor device={device} />
    </InspectorSection>
  );
}

function DnsServersSection({ device }: { device: DeviceDoc }) {
  const count = device.dnsServers?.length ?? 0;
  return (
    <InspectorSection title={`DNS resolver${count > 0 ? ` (${count})` : ''}`} className="dns-servers-section">
      <DnsServersField device={device} />
    </InspectorSection>
  );
}

function ServicesSection({ device }: { device: DeviceDoc }) {
  const count = device.services?.length ?? 0;
  return (
    <InspectorSection title={`Services${count > 0 ? ` (${count})` : ''}`} className="services-section">
      <ServicesEditor device={device} />
    </InspectorSection>
  );
}

function DnsZonesSection({ device }: { device: DeviceDoc }) {
  const dns = serviceOf(device, 'dns')!;
  return (
    <InspectorSection title="DNS server" className="dns-service-section">
      <DnsServiceEditor device={device} dns={dns.service} index={dns.index} />
    </InspectorSection>
  );
}

function WebSitesSection({ device }: { device: DeviceDoc }) {
  const web = serviceOf(device, 'web')!;
  return (
    <InspectorSection title="Web sites" className="web-service-section">
      <WebServiceEditor device={device} web={web.service} index={web.index} />
    </InspectorSection>
  );
}

function TablesSection({ device }: { device: DeviceDoc }) {
  return <LiveTables deviceId={device.id} />;
}

export const DEVICE_SECTIONS: readonly DeviceSection[] = [
  { key: 'vm', shows: (d) => d.kind === 'vm', Component: VmSection },
  { key: 'interfaces', shows: () => true, Component: InterfacesSection },
  // A VM takes no cable: its network mode wires it.
  { key: 'cable', shows: (d) => d.kind !== 'vm', Component: CableSection },
  { key: 'guests', shows: (d) => d.kind === 'computer', Component: GuestsSection },
  { key: 'dhcp-server', shows: (d) => takesDhcpServers(d.kind), Component: DhcpServerSection },
  { key: 'port-forwards', shows: (d) => d.kind === 'home-router', Component: PortForwardsSection },
  { key: 'services', shows: (d) => runsServices(d.kind), Component: ServicesSection },
  { key: 'dns-service', shows: (d) => serviceOf(d, 'dns') !== undefined, Component: DnsZonesSection },
  { key: 'web-service', shows: (d) => serviceOf(d, 'web') !== undefined, Component: WebSitesSection },
  { key: 'dns-servers', shows: (d) => takesDnsServers(d.kind), Component: DnsServersSection },
  { key: 'routes', shows: (d) => takesRoutes(d.kind), Component: RoutesSection },
  { key: 'commands', shows: runsCommands, Component: CommandsSection },
  { key: 'tables', shows: () => true, Component: TablesSection },
];
