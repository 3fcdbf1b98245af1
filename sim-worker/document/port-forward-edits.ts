/**
 * Edits to a home router's port-forwarding rules: pure functions like
 * edits.ts, judged by the same rules as a loaded document.
 */
import type { Edit } from './edits';
import { checkPortForward, PORT_FORWARD_FIELDS, type PortForwardProblems } from './home-router-rules';
import { noDeviceProblem } from './rules';
import type { DeviceDoc, NetworkDocument, PortForwardDoc } from './schema';

function refuse(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

function homeRouter(doc: NetworkDocument, deviceId: string): DeviceDoc | string {
  const device = doc.devices.find((d) => d.id === deviceId);
  if (!device) return noDeviceProblem(deviceId);
  return device.kind === 'home-router' ? device : `only a home router forwards ports, and ${device.name} is a ${device.kind}`;
}

/** The inspector's inline messages for a rule being typed, judged as if added after the others. */
export function checkNewPortForward(doc: NetworkDocument, deviceId: string, rule: unknown): PortForwardProblems {
  const device = homeRouter(doc, deviceId);
  if (typeof device === 'string') return { forward: device };
  return checkPortForward({ deviceName: device.name, interfaces: device.interfaces }, rule, device.portForwards ?? []).problems;
}

/** Replaces all of a home router's rules, in canonical form, or refuses the list whole with every problem. An empty list removes them. */
export function setPortForwards(doc: NetworkDocument, deviceId: string, rules: readonly unknown[]): Edit {
  const device = homeRouter(doc, deviceId);
  if (typeof device === 'string') return refuse(device);
  const clean: PortForwardDoc[] = [];
  const messages: string[] = [];
  rules.forEach((rule, i) => {
    const checked = checkPortForward({ deviceName: device.name, interfaces: device.interfaces }, rule, clean);
    if (checked.clean) clean.push(checked.clean);
    else messages.push(`rule ${i + 1}: ${[checked.problems.forward, ...PORT_FORWARD_FIELDS.map((f) => checked.problems[f])].filter((p) => p !== undefined).join('; ')}`);
  });
  if (messages.length > 0) return refuse(`${device.name}: ${messages.join('; ')}`);
  const updated: DeviceDoc = { ...device, portForwards: clean };
  if (clean.length === 0) delete updated.portForwards;
  return { ok: true, doc: { ...doc, devices: doc.devices.map((d) => (d === device ? updated : d)) } };
}

export function addPortForward(doc: NetworkDocument, deviceId: string, rule: unknown): Edit {
  const device = homeRouter(doc, deviceId);
  if (typeof device === 'string') return refuse(device);
  return setPortForwards(doc, deviceId, [...(device.portForwards ?? []), rule]);
}

/** Removes the rule at `index` (as listed in the document, from 0). */
export function removePortForward(doc: NetworkDocument, deviceId: string, index: number): Edit {
  const device = homeRouter(doc, deviceId);
  if (typeof device === 'string') return refuse(device);
  const rules = device.portForwards ?? [];
  if (!Number.isInteger(index) || index < 0 || index >= rules.length) return refuse(`${device.name} has no port-forwarding rule number ${index + 1}`);
  return setPortForwards(doc, deviceId, rules.filter((_, i) => i !== index));
}
