/**
 * A computer's, VM's or server's DNS servers: its resolv.conf, as one field
 * ("192.0.2.53, 192.0.2.54"), checked as it is typed by the engine's rules
 * and applied on Enter; Ctrl+Z undoes. When an interface takes its address
 * by DHCP, a note says the lease brings servers too.
 */
import type { DeviceDoc } from '../../sim-worker/document/schema';
import { setDnsServers } from '../../sim-worker/document/services-edits';
import { useDocumentStore } from '../store/document-store';
import { EditableField } from './EditableField';
import { addressList, dnsServersProblem } from './service-drafts';

export function DnsServersField({ device }: { device: DeviceDoc }) {
  const byDhcp = device.interfaces.some((i) => i.addressing === 'dhcp');
  const commit = (text: string) => useDocumentStore.getState().apply((doc) => setDnsServers(doc, device.id, addressList(text)));
  return (
    <>
      <EditableField
        label="DNS servers"
        value={(device.dnsServers ?? []).join(', ')}
        placeholder={byDhcp ? 'from DHCP' : '192.0.2.53'}
        monospace
        check={(text) => dnsServersProblem(device, text)}
        commit={commit}
      />
      <p className="inspector-note">
        {byDhcp
          ? 'Its DHCP lease names DNS servers too (option 6): it asks these first, then those.'
          : 'The servers it asks to turn names into addresses, in order (up to 3), as resolv.conf lists them.'}
      </p>
    </>
  );
}
