/**
 * The edit for an interface's static IPv6 address, judged by the same rule
 * (rules6.ts) as a loaded document. Pure, like edits.ts.
 */
import type { Edit } from './edits';
import { checkRoute, fieldText, interfaceLabel, noDeviceProblem, noInterfaceProblem, routeLabel, takenAddresses } from './rules';
import { checkIpv6Field } from './rules6';
import type { DeviceDoc, InterfaceDoc, NetworkDocument, RouteDoc } from './schema';

type Checked = { ok: true; device: DeviceDoc; iface: InterfaceDoc; ipv6: string | undefined } | { ok: false; error: string };

function review(doc: NetworkDocument, deviceId: string, interfaceName: string, text: string): Checked {
  const device = doc.devices.find((d) => d.id === deviceId);
  if (!device) return { ok: false, error: noDeviceProblem(deviceId) };
  const iface = device.interfaces.find((i) => i.name === interfaceName);
  if (!iface) return { ok: false, error: noInterfaceProblem(device.name, interfaceName) };
  const { problem, clean } = checkIpv6Field({ kind: device.kind, deviceName: device.name }, text, takenAddresses(doc, device.id, iface.name));
  if (problem !== undefined) return { ok: false, error: problem };
  // An IPv6 route whose next router was on the old prefix would be stranded: name it rather than drop it.
  const interfaces = device.interfaces.map((i) => (i === iface ? { ...i, ipv6: clean } : i));
  const checked: RouteDoc[] = [];
  for (const route of device.routes ?? []) {
    const { problems, clean: route6 } = checkRoute({ kind: device.kind, deviceName: device.name, interfaces }, route, checked);
    const broken = problems.via ?? problems.interface ?? problems.route;
    if (broken !== undefined) return { ok: false, error: `${routeLabel(route)} would no longer work (${broken}): change or remove that route first` };
    if (route6) checked.push(route6);
  }
  return { ok: true, device, iface, ipv6: clean };
}

/** The inspector's inline message for a typed IPv6 address, or undefined when it can be applied. Blank clears it. */
export function checkInterfaceIpv6(doc: NetworkDocument, deviceId: string, interfaceName: string, text: string): string | undefined {
  const checked = review(doc, deviceId, interfaceName, text);
  return checked.ok ? undefined : checked.error;
}

/** Sets an interface's static IPv6 address in RFC 5952 form ("2001:db8:1::10/64"), or clears it when `text` is blank. */
export function setInterfaceIpv6(doc: NetworkDocument, deviceId: string, interfaceName: string, text: string): Edit {
  const checked = review(doc, deviceId, interfaceName, text);
  if (!checked.ok) {
    const device = doc.devices.find((d) => d.id === deviceId);
    return { ok: false, error: device && fieldText(text) !== undefined ? `${interfaceLabel(device.name, interfaceName)}: ${checked.error}` : checked.error };
  }
  const { device, iface, ipv6 } = checked;
  const updated: InterfaceDoc = { ...iface };
  if (ipv6 === undefined) delete updated.ipv6;
  else updated.ipv6 = ipv6;
  const replaced: DeviceDoc = { ...device, interfaces: device.interfaces.map((i) => (i === iface ? updated : i)) };
  return { ok: true, doc: { ...doc, devices: doc.devices.map((d) => (d === device ? replaced : d)) } };
}
