/**
 * A browser's page load, printed as `curl -i -L` prints it: look the host up
 * (unless the URL gives an address), connect over TCP, run the TLS handshake
 * for https, send a GET, read the response; follow up to 5 redirects, over
 * the same connection when the redirect stays on the same origin (keep-alive).
 * Each response's status line and headers are printed, then the final body;
 * the last line carries the page-load timeline (PageTimeline in api.ts).
 */
import type { PageTimeline } from '../api';
import type { IpDevice } from '../devices/device';
import type { SimContext } from '../engine/context';
import type { TcpConnection } from '../stack/tcp';
import { TlsClient, tracedTlsTransport } from '../stack/tls-session';
import { formatIpv4, parseIpv4 } from '../wire/address';
import { encodeHttp, headerValue, HttpReader, type HttpResponse, type ReadMessage } from '../wire/http';
import { PageTimelineRecorder } from './page-timeline';
import { formatUrl, parseUrl, resolveLocation, sameOrigin, type WebUrl } from './url';

/** curl's default for -L is 50 redirects; a browser-like 5 keeps a redirect loop short. */
export const MAX_REDIRECTS = 5;
export const USER_AGENT = 'Flintnet';

/** One open connection to an origin, plain or with TLS on top. */
interface OriginConnection {
  url: WebUrl;
  tcp: TcpConnection;
  tls?: TlsClient;
  reader: HttpReader<'response'>;
  closed: boolean;
}

export class BrowserRun {
  /** Every response read, with its exact bytes, in order. */
  readonly responses: ReadMessage<HttpResponse>[] = [];
  private connection?: OriginConnection;
  private redirects = 0;
  private readonly timeline: PageTimelineRecorder;
  private waitingForResponse = false;
  private finished = false;
  private startedAt = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly device: IpDevice,
    private readonly run: number,
    private readonly urlText: string,
  ) {
    this.timeline = new PageTimelineRecorder(ctx, device.id, urlText);
  }

  start(): void {
    this.startedAt = this.ctx.scheduler.now;
    const url = parseUrl(this.urlText);
    if (!url.ok) return this.fail(`curl: (3) URL rejected: ${url.error}`, url.error);
    this.load(url.value);
  }

  /** The machine was powered off: the program dies, printing nothing more. */
  stop(): void {
    this.finished = true;
  }

  private load(url: WebUrl): void {
    const reuse = this.connection && !this.connection.closed && sameOrigin(this.connection.url, url);
    this.timeline.request(formatUrl(url), Boolean(reuse), reuse ? this.flowOf(this.connection!.tcp) : undefined);
    if (reuse) return this.sendRequest(url);
    this.closeConnection();
    if (url.address !== undefined) return this.connect(url, url.address);
    const dns = this.device.dns;
    if (!dns) return this.fail(`curl: (6) Could not resolve host: ${url.host}`, `${this.device.name} has no DNS resolver`);
    this.timeline.begin('dns');
    dns.resolve(url.host, 'A', (result) => {
      if (this.finished) return;
      this.timeline.end('dns');
      if (!result.ok) return this.fail(`curl: (6) Could not resolve host: ${url.host}`, `looking up ${url.host} failed: ${result.error}`);
      const address = parseIpv4(result.value.addresses[0]);
      if (!address.ok) return this.fail(`curl: (6) Could not resolve host: ${url.host}`, `${url.host} has no IPv4 address`);
      this.connect(url, address.value);
    });
  }

  private connect(url: WebUrl, address: number): void {
    const target = `${url.host} port ${url.port}`;
    this.timeline.begin('connect');
    const connected = this.device.tcp.connect(address, url.port, 'browser');
    if (!connected.ok) return this.fail(`curl: (7) Failed to connect to ${target} after 0 ms: Couldn't connect to server`, connected.error);
    const tcp = connected.value;
    // curl and browsers set TCP_NODELAY: the request must not wait behind the unacknowledged TLS Finished.
    tcp.noDelay = true;
    this.timeline.flow = this.flowOf(tcp);
    const connection: OriginConnection = { url, tcp, reader: new HttpReader('response'), closed: false };
    this.connection = connection;
    let open = false;
    tcp.onOpen = () => {
      if (this.finished) return;
      open = true;
      this.timeline.end('connect');
      if (url.scheme === 'http') return this.sendRequest(url);
      this.startTls(connection);
    };
    tcp.onData = (bytes) => (connection.tls ? connection.tls.receive(bytes) : this.receive(connection, bytes));
    tcp.onClose = (why) => {
      connection.closed = true;
      if (this.finished || connection !== this.connection) return;
      if (!open) return this.fail(`curl: (7) Failed to connect to ${target} after ${this.elapsedMs()} ms: Couldn't connect to server`, `the TCP connection to ${formatIpv4(address)} port ${url.port} failed: ${why}`);
      if (!this.waitingForResponse) return;
      const pending = connection.reader.pending;
      if (pending === 0) return this.fail('curl: (52) Empty reply from server', `the server closed the connection (${why}) without answering`);
      this.fail(`curl: (18) transfer closed with outstanding read data remaining`, `the server closed the connection (${why}) in the middle of its response`);
    };
  }

  private startTls(connection: OriginConnection): void {
    const { url } = connection;
    this.timeline.begin('tls');
    const tls = new TlsClient(this.ctx, tracedTlsTransport(this.ctx, this.device.id, connection.tcp), url.address === undefined ? url.host : undefined);
    connection.tls = tls;
    tls.onError = (why) => this.fail(`curl: (35) TLS connect error: ${why}`, `the TLS handshake with ${url.host} failed: ${why}`);
    tls.onData = (bytes) => this.receive(connection, bytes);
    tls.onOpen = () => {
      if (this.finished) return;
      this.timeline.end('tls');
      // The certificate must name the host in the URL (RFC 9110 §4.3.4), as curl checks.
      if (tls.certificateName !== url.host) {
        return this.fail(`curl: (60) SSL: no alternative certificate subject name matches target host name '${url.host}'`,
          `the server's certificate is for ${tls.certificateName ?? 'no name'}, not ${url.host}, so the browser does not trust the connection`);
      }
      this.sendRequest(url);
    };
    tls.start();
  }

  private sendRequest(url: WebUrl): void {
    const connection = this.connection!;
    const defaultPort = url.scheme === 'https' ? 443 : 80;
    const request = encodeHttp({
      kind: 'request', method: 'GET', target: url.path, body: new Uint8Array(0),
      headers: [
        // Host carries the port when it is not the scheme's default (RFC 9110 §7.2).
        { name: 'Host', value: url.port === defaultPort ? url.host : `${url.host}:${url.port}` },
        { name: 'User-Agent', value: USER_AGENT },
        { name: 'Accept', value: '*/*' },
        { name: 'Connection', value: 'keep-alive' },
      ],
    });
    this.timeline.begin('request');
    this.timeline.begin('waiting');
    this.waitingForResponse = true;
    const note = `GET ${url.path} from ${url.host}`;
    if (connection.tls) connection.tls.send(request, `HTTP request ${note}`);
    else connection.tcp.send(request);
    this.timeline.end('request');
    this.record('HTTP', `browser: ${note}`, `the browser asks for ${formatUrl(url)}${connection.tls ? ' inside the TLS session, so only the two ends can read the request' : ' in plain text, readable by every device on the path'}`);
  }

  private receive(connection: OriginConnection, bytes: Uint8Array): void {
    if (this.finished || connection !== this.connection) return;
    if (this.waitingForResponse && connection.reader.pending === 0) {
      this.timeline.end('waiting');
      this.timeline.begin('response');
    }
    const read = connection.reader.push(bytes);
    if (!read.ok) return this.fail('curl: (8) Weird server reply', `the response is not HTTP/1.1: ${read.error}`);
    for (const response of read.value) {
      this.waitingForResponse = false;
      this.timeline.end('response');
      this.timeline.status = response.status;
      this.responses.push(response);
      this.onResponse(connection.url, response);
      if (this.finished) return;
    }
  }

  private onResponse(url: WebUrl, response: ReadMessage<HttpResponse>): void {
    const statusLine = `HTTP/1.1 ${response.status} ${response.reason}`;
    this.print(statusLine, `${url.host} answered ${response.status} ${response.reason}`);
    for (const h of response.headers) this.print(`${h.name}: ${h.value}`, `a response header from ${url.host}`);
    this.print('', 'the empty line that ends the headers');
    const location = headerValue(response.headers, 'Location');
    if (response.status >= 300 && response.status < 400 && location !== undefined) {
      if (this.redirects === MAX_REDIRECTS) return this.fail(`curl: (47) Maximum (${MAX_REDIRECTS}) redirects followed`, `${MAX_REDIRECTS} redirects in a row: the browser stops following them`);
      const next = resolveLocation(url, location);
      if (!next.ok) return this.fail(`curl: (3) URL rejected: ${next.error}`, `the redirect leads to "${location}", which is not a URL the browser can follow`);
      this.redirects++;
      const reuse = sameOrigin(url, next.value) ? ', over the same connection (keep-alive)' : '';
      this.record('HTTP', `browser: following redirect to ${formatUrl(next.value)}`, `${response.status} says the page is at ${location}: the browser follows it${reuse}`);
      return this.load(next.value);
    }
    const body = new TextDecoder().decode(response.body);
    for (const line of body.replace(/\n$/, '').split('\n')) this.print(line, `the page body from ${url.host}`);
    this.finish(statusLine);
  }

  private flowOf(tcp: TcpConnection) {
    return { localPort: tcp.localPort, remote: tcp.remote, remotePort: tcp.remotePort };
  }

  private closeConnection(): void {
    if (this.connection && !this.connection.closed) this.connection.tcp.close();
    this.connection = undefined;
  }

  private elapsedMs(): number {
    return Math.round((this.ctx.scheduler.now - this.startedAt) / 1e6);
  }

  private fail(line: string, reason: string): void {
    if (this.finished) return;
    this.print(line, reason);
    this.finish(undefined, line);
  }

  /** The browser is done: like curl exiting, it closes its connection; the last line carries the timeline. */
  private finish(status: string | undefined, error?: string): void {
    this.finished = true;
    this.closeConnection();
    const timeline = this.timeline.finish(error);
    const line = status ? `page loaded: ${status} in ${formatMs(this.ctx.scheduler.now - this.startedAt)}${timelineWords(timeline)}` : `page load failed after ${formatMs(this.ctx.scheduler.now - this.startedAt)}`;
    this.ctx.trace.record({
      device: this.device.id, type: 'app', protocol: 'browser', summary: line,
      layers: [{ layer: 7, protocol: 'HTTP', reason: `the page load's timeline: ${timeline.requests.length} request${timeline.requests.length === 1 ? '' : 's'}` }],
      app: { name: 'browser', run: this.run, line, timeline },
    });
  }

  private print(line: string, reason: string): void {
    this.ctx.trace.record({
      device: this.device.id, type: 'app', protocol: 'browser', summary: line,
      layers: [{ layer: 7, protocol: 'HTTP', reason }],
      app: { name: 'browser', run: this.run, line },
    });
  }

  /** A step the browser takes that prints nothing (curl -i is silent about it), for the event list. */
  private record(protocol: string, summary: string, reason: string): void {
    this.ctx.trace.record({ device: this.device.id, type: 'app', protocol, summary, layers: [{ layer: 7, protocol, reason }] });
  }
}

function formatMs(ns: number): string {
  return `${(ns / 1e6).toFixed(3)} ms`;
}

function timelineWords(timeline: PageTimeline): string {
  const requests = timeline.requests.length > 1 ? `, ${timeline.requests.length} requests` : '';
  const last = timeline.requests[timeline.requests.length - 1];
  const phases = last?.phases.map((p) => `${p.name} ${formatMs(p.duration)}`).join(', ');
  return `${requests}${phases ? ` (last request: ${phases})` : ''}`;
}
