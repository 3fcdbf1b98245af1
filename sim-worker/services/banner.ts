/**
 * The one-line services a server can run over TCP: SSH, FTP and SMTP greet
 * whoever connects with their banner, as OpenSSH, vsftpd and Postfix on
 * Debian do; echo (RFC 862) sends back whatever it is sent. None goes further
 * than its greeting (no key exchange, no login): FTP and SMTP answer QUIT
 * and refuse anything else as their daemons do before a login or a HELO.
 */
import type { IpDevice } from '../devices/device';
import { DEFAULT_PORTS } from '../document/services-rules';
import type { BannerServiceDoc } from '../document/schema';
import type { SimContext } from '../engine/context';
import type { TcpConnection } from '../stack/tcp';
import { formatIpv4 } from '../wire/address';

type BannerKind = BannerServiceDoc['kind'];

/** The daemon's name in its log lines and in the socket table. */
const DAEMONS: Record<BannerKind, string> = { ssh: 'sshd', ftp: 'vsftpd', smtp: 'postfix', echo: 'echo' };

/** Protocol names for the trace. */
const PROTOCOLS: Record<BannerKind, string> = { ssh: 'SSH', ftp: 'FTP', smtp: 'SMTP', echo: 'Echo' };

/** The greeting each daemon sends first, without its CR LF; echo sends none. */
export function defaultBanner(kind: BannerKind, hostname: string): string | undefined {
  switch (kind) {
    // RFC 4253 §4.2: the identification string; Debian 12's OpenSSH.
    case 'ssh': return 'SSH-2.0-OpenSSH_9.2p1 Debian-2';
    // RFC 959 §4.2: 220 "Service ready"; vsftpd's default greeting.
    case 'ftp': return '220 (vsFTPd 3.0.3)';
    // RFC 5321 §4.2: 220 with the host's name; Postfix's default smtpd_banner.
    case 'smtp': return `220 ${hostname} ESMTP Postfix`;
    case 'echo': return undefined;
  }
}

const utf8 = (text: string) => new TextEncoder().encode(text);

export class BannerService {
  private readonly port: number;
  private readonly daemon: string;

  constructor(private readonly ctx: SimContext, private readonly device: IpDevice, private readonly doc: BannerServiceDoc) {
    this.port = doc.port ?? DEFAULT_PORTS[doc.kind];
    this.daemon = DAEMONS[doc.kind];
  }

  /** Listens on its port (at boot and power on). */
  start(): void {
    const listening = this.device.tcp.listen(this.port, this.daemon, (connection) => this.serve(connection));
    if (!listening.ok) this.log(`could not listen on port ${this.port}: ${listening.error}`, listening.error);
  }

  stop(): void {
    this.device.tcp.unlisten(this.port);
  }

  private serve(connection: TcpConnection): void {
    const from = `${formatIpv4(connection.remote)} port ${connection.remotePort}`;
    const banner = this.doc.banner ?? defaultBanner(this.doc.kind, this.device.name);
    connection.onClose = () => connection.close();
    if (this.doc.kind === 'echo') {
      this.log(`connection from ${from}`, `a client connected to port ${this.port}: everything it sends comes back (RFC 862)`);
      connection.onData = (bytes) => connection.send(bytes);
      return;
    }
    this.log(`connection from ${from}`, banner === undefined ? `a client connected to port ${this.port}` : `a client connected to port ${this.port}: ${this.daemon} greets it with “${banner}”`);
    if (banner !== undefined) connection.send(utf8(`${banner}\r\n`));
    if (this.doc.kind === 'ssh') return;
    let line = '';
    connection.onData = (bytes) => {
      line += new TextDecoder().decode(bytes);
      for (let end = line.indexOf('\n'); end >= 0; end = line.indexOf('\n')) {
        const command = line.slice(0, end).replace(/\r$/, '');
        line = line.slice(end + 1);
        this.answer(connection, command);
      }
    };
  }

  /** FTP and SMTP before a login or a HELO: QUIT ends the session, anything else is refused. */
  private answer(connection: TcpConnection, command: string): void {
    const verb = command.split(' ')[0].toUpperCase();
    const ftp = this.doc.kind === 'ftp';
    if (verb === 'QUIT') {
      connection.send(utf8(ftp ? '221 Goodbye.\r\n' : '221 2.0.0 Bye\r\n'));
      connection.close();
      return;
    }
    connection.send(utf8(ftp ? '530 Please login with USER and PASS.\r\n' : '502 5.5.2 Error: command not recognized\r\n'));
  }

  private log(line: string, reason: string): void {
    const protocol = PROTOCOLS[this.doc.kind];
    this.ctx.trace.record({
      device: this.device.id, type: 'app', protocol, summary: `${this.daemon}: ${line}`,
      layers: [{ layer: 7, protocol, reason }],
      app: { name: this.daemon, run: 1, line },
    });
  }
}
