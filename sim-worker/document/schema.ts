/**
 * The network document: the only saved truth (DESIGN.md, "The document").
 * Engine state is always rebuilt from this plus the actions taken.
 */

export const DOCUMENT_FORMAT = 'flintnet';
export const DOCUMENT_VERSION = 1;

/**
 * A home router is one box: a router with NAT between its `wan` interface and
 * its `lan` interface, and a switch whose ports (`port1`–`port4`) join `lan`.
 * An ISP is a router preset holding a public prefix. A VM runs inside a
 * computer (its `vm.host`) and is wired by its network mode, never by cable.
 * A server is a computer that runs services (web, DNS, banners), each on its
 * port.
 */
export type DeviceKind = 'computer' | 'switch' | 'hub' | 'router' | 'home-router' | 'isp' | 'vm' | 'server';
export const DEVICE_KINDS: readonly DeviceKind[] = ['computer', 'switch', 'hub', 'router', 'home-router', 'isp', 'vm', 'server'];

export interface Position {
  x: number;
  y: number;
}

export interface InterfaceDoc {
  /** Unique within its device: eth0, eth1… on computers and routers, p1..pN on switches and hubs. */
  name: string;
  /** Lower-case colon form, "02:00:00:00:00:0a". Required on computers and routers. */
  mac?: string;
  /** Address and prefix, "192.168.1.10/24". Absent means unconfigured. Computers and routers only. */
  ipv4?: string;
  /** Default gateway reached through this interface, "192.168.1.1". Computers and VMs only: a router has routes instead. */
  gateway?: string;
  /**
   * How the IPv4 address is set: typed in ('static', the default when left
   * out) or leased from a DHCP server ('dhcp', then `ipv4` and `gateway` are
   * left out). On computers, VMs, and a home router's `wan`.
   */
  addressing?: 'static' | 'dhcp';
  /**
   * A static IPv6 address with its prefix, "2001:db8:1::10/64". Every IP
   * interface also has a link-local fe80:: address made from its MAC
   * (modified EUI-64), and computers add SLAAC addresses from router
   * advertisements. A router advertises the /64 prefixes of its interfaces.
   */
  ipv6?: string;
}

/**
 * A DHCP server scope (RFC 2131) serving the network on one interface of a
 * router, home router or ISP: addresses from `poolStart` to `poolEnd`.
 */
export interface DhcpServerDoc {
  /** The interface whose network this scope serves; its address is the server's. */
  interface: string;
  poolStart: string;
  poolEnd: string;
  /** Lease time in seconds (option 51); 86400 (a day) when left out. */
  leaseSeconds?: number;
  /** The default gateway handed out (option 3); left out, the interface's own address. */
  gateway?: string;
  /** DNS servers handed out (option 6). */
  dns?: string[];
  /** Fixed addresses for known MACs; they may lie outside the pool but inside the network. */
  reservations?: { mac: string; ipv4: string }[];
}

/** A home router's port-forwarding rule: traffic to the WAN address on `port` goes to `to`:`toPort` on the LAN. */
export interface PortForwardDoc {
  protocol: 'udp' | 'tcp';
  port: number;
  to: string;
  /** Left out, the same as `port`. */
  toPort?: number;
}

/**
 * How a VM reaches the world (as VirtualBox, VMware and libvirt name them):
 * 'nat' behind its host's address, on a private network the host serves by
 * DHCP; 'bridged' straight onto the host's LAN, as one more machine there;
 * 'host-only' on a network with its host and the host's other VMs, no way out.
 */
export type VmMode = 'nat' | 'bridged' | 'host-only';
export const VM_MODES: readonly VmMode[] = ['nat', 'bridged', 'host-only'];

/**
 * A VM's device has this field, one interface `eth0`, and no cable. Its
 * `position` is relative to its host's node on the canvas (drawn inside the
 * host's group), so the VM moves with its host.
 */
export interface VmDoc {
  /** Id of the computer this VM runs inside. */
  host: string;
  mode: VmMode;
}

/**
 * A static route, as `ip route add 10.0.2.0/24 via 10.0.0.2 [dev eth1] [metric 10]`:
 * packets for `destination` go to the router at `via`. On routers and computers.
 */
export interface RouteDoc {
  /** A network address with its prefix, "10.0.2.0/24" or "2001:db8:2::/64"; "0.0.0.0/0" and "::/0" are the default routes. */
  destination: string;
  /** The next router, on one of this device's own networks (an IPv6 route's may be its link-local address). */
  via: string;
  /** The interface to leave by; left out, the one whose network holds `via`. */
  interface?: string;
  /** Among routes with the same prefix length the lowest metric wins; 0 when left out, as with `ip route add`. */
  metric?: number;
}

/** A web server (HTTP/1.1 on `port`, HTTPS with TLS 1.3 on `tlsPort`), serving sites by their Host header. */
export interface WebServiceDoc {
  kind: 'web';
  /** 80 when left out. */
  port?: number;
  /** 443 when left out. */
  tlsPort?: number;
  /** The first site also answers requests for any name it does not know, as a default virtual host does. */
  sites: WebSiteDoc[];
}

export interface WebSiteDoc {
  /** The host name the site answers to, "www.example.test". */
  host: string;
  pages: WebPageDoc[];
}

export interface WebPageDoc {
  /** "/", "/about.html". */
  path: string;
  /** 200 when left out; 301/302 redirect to `location`. */
  status?: number;
  /** "text/html; charset=utf-8" when left out. */
  contentType?: string;
  body?: string;
  location?: string;
}

/**
 * A DNS server: a recursive resolver walks from the root for its clients
 * (root hints, then referrals to TLD and authoritative servers); an
 * authoritative server answers for its zones only (the root is the zone ".").
 */
export interface DnsServiceDoc {
  kind: 'dns';
  role: 'recursive' | 'authoritative';
  zones?: DnsZoneDoc[];
  /** A resolver's root servers, IPv4 addresses (named's root hints). */
  rootHints?: string[];
}

export interface DnsZoneDoc {
  /** The zone's name, "example.test." or "." for the root. */
  origin: string;
  records: DnsRecordDoc[];
}

export type DnsRecordType = 'A' | 'AAAA' | 'CNAME' | 'MX' | 'NS' | 'TXT';

export interface DnsRecordDoc {
  /** Fully qualified, "www.example.test."; "@" would be ambiguous in JSON, so it is never used. */
  name: string;
  type: DnsRecordType;
  /** An address, a host name (CNAME, MX, NS) or text (TXT). */
  value: string;
  /** Seconds; 3600 when left out. */
  ttl?: number;
  /** MX only. */
  preference?: number;
}

/** A one-line service that greets whoever connects (SSH, FTP, SMTP banners) or echoes what it is sent. */
export interface BannerServiceDoc {
  kind: 'ssh' | 'ftp' | 'smtp' | 'echo';
  /** The well-known port when left out: 22, 21, 25, 7. */
  port?: number;
  banner?: string;
}

export type ServiceDoc = WebServiceDoc | DnsServiceDoc | BannerServiceDoc;

export interface DeviceDoc {
  id: string;
  kind: DeviceKind;
  /** Hostname, unique in the document ("PC-1", "Switch-1"). */
  name: string;
  position: Position;
  interfaces: InterfaceDoc[];
  /** Static routes, in the order they were added (routers and computers). Left out when there are none. */
  routes?: RouteDoc[];
  /** DHCP server scopes, one per served interface (routers, home routers, ISPs). Left out when there are none. */
  dhcpServers?: DhcpServerDoc[];
  /** Home routers only. Left out when there are none. */
  portForwards?: PortForwardDoc[];
  /** VMs only. */
  vm?: VmDoc;
  /** Servers only. Left out when there are none. */
  services?: ServiceDoc[];
  /** The DNS resolvers a computer, VM or server asks (its resolv.conf); DHCP's option 6 adds to these. */
  dnsServers?: string[];
}

export interface LinkEnd {
  device: string;
  interface: string;
}

/** A preset's bandwidth and delay are only a starting point: both stay editable per link. */
export type LinkMedium = 'copper' | 'fibre' | 'long-haul-fibre' | 'undersea' | 'geo-satellite' | 'leo-satellite';

export interface LinkDoc {
  id: string;
  a: LinkEnd;
  b: LinkEnd;
  medium: LinkMedium;
  bandwidthBps: number;
  delayNs: number;
  /** The chance (0 to 1) that a frame is lost on the way, each direction, drawn from the seeded PRNG; 0 when left out. */
  lossRate?: number;
  /** The chance (0 to 1) that a frame takes a slower path and arrives after frames sent after it; 0 when left out. */
  reorderRate?: number;
}

export interface NetworkDocument {
  format: typeof DOCUMENT_FORMAT;
  version: typeof DOCUMENT_VERSION;
  devices: DeviceDoc[];
  links: LinkDoc[];
}

export const COPPER_DEFAULTS = { medium: 'copper', bandwidthBps: 1_000_000_000, delayNs: 1_000 } as const;

export function emptyDocument(): NetworkDocument {
  return { format: DOCUMENT_FORMAT, version: DOCUMENT_VERSION, devices: [], links: [] };
}
