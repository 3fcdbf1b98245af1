/**
 * The pure side of the DHCP inspector: a scope with one field replaced by
 * what the learner typed, the message to show for it, and a device's lease
 * read back from its live "DHCP lease" table.
 */
import type { DeviceTable } from '../../sim-worker/api';
import type { DhcpServerDoc, NetworkDocument } from '../../sim-worker/document/schema';
import { checkDhcpScope, type ScopeProblem } from '../../sim-worker/document/dhcp-rules';

export type Scope = Omit<DhcpServerDoc, 'interface'>;
export type ScopeField = 'poolStart' | 'poolEnd' | 'leaseSeconds' | 'gateway' | 'dns';

/** The scope with one field set from typed text: blank leaves an optional field out, a lease time is a number when it reads as one, DNS servers are split on commas or spaces. */
export function withField(scope: Scope, field: ScopeField, text: string): Record<string, unknown> {
  const trimmed = text.trim();
  const next: Record<string, unknown> = { ...scope };
  if (field === 'poolStart' || field === 'poolEnd') next[field] = trimmed;
  else if (trimmed === '') delete next[field];
  else if (field === 'leaseSeconds') next[field] = /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
  else if (field === 'dns') next[field] = trimmed.split(/[\s,]+/).filter((d) => d !== '');
  else next[field] = trimmed;
  return next;
}

/** Every problem of a candidate scope on one interface, judged against the device's other scopes. */
export function scopeProblems(doc: NetworkDocument, deviceId: string, interfaceName: string, candidate: Record<string, unknown>): ScopeProblem[] {
  const device = doc.devices.find((d) => d.id === deviceId);
  if (!device) return [{ path: '', message: 'This device is no longer in the network' }];
  const others = (device.dhcpServers ?? []).filter((s) => s.interface !== interfaceName);
  return checkDhcpScope({ deviceName: device.name, interfaces: device.interfaces }, { ...candidate, interface: interfaceName }, others).problems;
}

/**
 * The message for one field as typed, or undefined when the scope could be
 * applied. The saved scope is sound, so any problem comes from this field,
 * even one reported on another ("the pool ends before it starts" is poolEnd's).
 */
export function fieldProblem(doc: NetworkDocument, deviceId: string, interfaceName: string, scope: Scope, field: ScopeField, text: string): string | undefined {
  const problems = scopeProblems(doc, deviceId, interfaceName, withField(scope, field, text));
  // "dns[1]" belongs to the field "dns".
  return (problems.find((p) => p.path.replace(/[[.].*$/, '') === field) ?? problems[0])?.message;
}

export interface Lease {
  address: string;
  server: string;
  gateway: string;
  lease: string;
  renewsAt: string;
  expiresAt: string;
}

/** One interface's row of the "DHCP lease" table, by column title, or null when it holds no lease. */
export function leaseOf(tables: readonly DeviceTable[], interfaceName: string): Lease | null {
  const table = tables.find((t) => t.name === 'dhcp-lease');
  if (!table) return null;
  const column = (title: string) => table.columns.indexOf(title);
  const row = table.rows.find((r) => r[column('Interface')] === interfaceName);
  if (!row) return null;
  const cell = (title: string) => row[column(title)] ?? '';
  return { address: cell('Address'), server: cell('Server'), gateway: cell('Gateway'), lease: cell('Lease'), renewsAt: cell('Renews at'), expiresAt: cell('Expires at') };
}
