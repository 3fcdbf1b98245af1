/**
 * One colour per protocol, shared by the event list badges and the frames
 * moving on the canvas, so a learner can match the two at a glance.
 */
const COLORS: Record<string, string> = {
  ARP: '#d97706',
  ICMP: '#2563eb',
  ICMPv6: '#0891b2',
  IPv4: '#64748b',
  IPv6: '#64748b',
  Ethernet: '#6b7280',
  UDP: '#7c3aed',
  TCP: '#0f766e',
  DHCP: '#db2777',
  DNS: '#9333ea',
  HTTP: '#15803d',
  TLS: '#166534',
  ping: '#16a34a',
};

export const DROP_COLOR = '#dc2626';
const OTHER = '#6b7280';

export function protocolColor(protocol: string): string {
  return COLORS[protocol] ?? OTHER;
}
