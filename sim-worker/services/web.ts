/**
 * A server's web service, as nginx serves static sites: HTTP/1.1 on `port`
 * (80) and HTTPS on `tlsPort` (443), sites chosen by the Host header (the
 * first site is the default server, also for names it does not know), pages
 * by path, 404 for any other path. Connections stay open between requests
 * (HTTP/1.1's default, RFC 9112 §9.3) until the client closes or asks to
 * close. Each request is logged as an app line in nginx's access-log form.
 */
import type { Result } from '../api';
import type { IpDevice } from '../devices/device';
import { DEFAULT_PORTS, DEFAULT_TLS_PORT } from '../document/services-rules';
import type { WebPageDoc, WebServiceDoc, WebSiteDoc } from '../document/schema';
import type { SimContext } from '../engine/context';
import type { TcpConnection } from '../stack/tcp';
import { TlsServer, tracedTlsTransport } from '../stack/tls-session';
import { formatIpv4 } from '../wire/address';
import { encodeHttp, headerValue, HttpReader, type HttpRequest, type HttpResponse, REASON_PHRASES } from '../wire/http';

const DEFAULT_CONTENT_TYPE = 'text/html; charset=utf-8';
const utf8 = (text: string) => new TextEncoder().encode(text);

/** What a connection's HTTP side writes to: the TCP connection itself, or the TLS session over it. */
interface HttpChannel {
  send(bytes: Uint8Array, note: string): void;
  close(): void;
}

export class WebService {
  private readonly port: number;
  private readonly tlsPort: number;

  constructor(private readonly ctx: SimContext, private readonly device: IpDevice, private readonly doc: WebServiceDoc) {
    this.port = doc.port ?? DEFAULT_PORTS.web;
    this.tlsPort = doc.tlsPort ?? DEFAULT_TLS_PORT;
  }

  /** Opens the listening sockets (at boot and power on). */
  start(): void {
    // nginx's tcp_nodelay (on by default): responses go without Nagle's wait.
    const accept = (serve: (c: TcpConnection) => void) => (connection: TcpConnection) => {
      connection.noDelay = true;
      serve(connection);
    };
    this.listened(this.device.tcp.listen(this.port, 'web', accept((c) => this.serve(c, c, 'http'))), this.port);
    this.listened(this.device.tcp.listen(this.tlsPort, 'web', accept((c) => this.serveTls(c))), this.tlsPort);
  }

  /** Power off: the sockets close with the program. */
  stop(): void {
    this.device.tcp.unlisten(this.port);
    this.device.tcp.unlisten(this.tlsPort);
  }

  private listened(result: Result<void>, port: number): void {
    if (!result.ok) this.log(`could not listen on port ${port}: ${result.error}`, result.error);
  }

  private serveTls(connection: TcpConnection): void {
    const tls = new TlsServer(this.ctx, tracedTlsTransport(this.ctx, this.device.id, connection), (serverName) => this.siteFor(serverName).host);
    connection.onData = (bytes) => tls.receive(bytes);
    tls.onError = (why) => {
      this.log(`TLS handshake with ${formatIpv4(connection.remote)} failed: ${why}`, `the TLS session failed (${why}), so the connection is closed`);
      connection.close();
    };
    this.serve(tls, { send: (bytes, note) => tls.send(bytes, note), close: () => connection.close() }, 'https', connection);
  }

  /**
   * Reads requests from `source` (the connection, or the TLS session over it)
   * and answers each on `channel`, in order.
   */
  private serve(source: { onData?: (bytes: Uint8Array) => void }, channel: HttpChannel, scheme: 'http' | 'https', connection = source as TcpConnection): void {
    const reader = new HttpReader('request');
    source.onData = (bytes) => {
      const read = reader.push(bytes);
      if (!read.ok) {
        this.answer(channel, connection, scheme, undefined, errorPage(400, 'Bad Request', read.error), read.error);
        return channel.close();
      }
      for (const request of read.value) {
        const response = this.respond(request, scheme);
        this.answer(channel, connection, scheme, request, response.response, response.why);
        if (headerValue(request.headers, 'Connection')?.toLowerCase() === 'close') return channel.close();
      }
    };
  }

  private answer(channel: HttpChannel, connection: TcpConnection, scheme: string, request: HttpRequest | undefined, response: HttpResponse, why: string): void {
    const requestLine = request ? `${request.method} ${request.target} HTTP/1.1` : '-';
    const bytes = encodeHttp(response);
    // A response to HEAD is the GET response's head alone, Content-Length included (RFC 9110 §9.3.2).
    const head = request?.method === 'HEAD';
    channel.send(head ? bytes.subarray(0, bytes.length - response.body.length) : bytes, `HTTP response ${response.status} ${response.reason}: ${why}`);
    const agent = request ? headerValue(request.headers, 'User-Agent') ?? '-' : '-';
    this.log(`${formatIpv4(connection.remote)} - - "${requestLine}" ${response.status} ${head ? 0 : response.body.length} "-" "${agent}"`,
      `${scheme.toUpperCase()} request from ${formatIpv4(connection.remote)}: ${why}`);
  }

  /** The site for a Host header or SNI name (a port after the name is ignored); the first site when none matches, as nginx's default server. */
  private siteFor(host: string | undefined): WebSiteDoc {
    const name = host?.replace(/:\d+$/, '').toLowerCase();
    return this.doc.sites.find((s) => s.host.toLowerCase() === name) ?? this.doc.sites[0];
  }

  private respond(request: HttpRequest, scheme: string): { response: HttpResponse; why: string } {
    const host = headerValue(request.headers, 'Host');
    // RFC 9112 §3.2: a request without Host gets 400.
    if (host === undefined) return { response: errorPage(400, 'Bad Request', 'no Host header'), why: 'an HTTP/1.1 request must name its host (RFC 9112 §3.2), so it gets 400' };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const response = errorPage(405, 'Method Not Allowed', `${request.method} is not allowed`);
      response.headers.push({ name: 'Allow', value: 'GET, HEAD' });
      return { response, why: `this server only serves pages (GET and HEAD), not ${request.method}` };
    }
    const site = this.siteFor(host);
    const which = site.host.toLowerCase() === host.replace(/:\d+$/, '').toLowerCase() ? `site ${site.host}` : `no site is called ${host}, so the default site ${site.host} answers`;
    const path = request.target.split('?')[0];
    const page = site.pages.find((p) => p.path === path);
    if (!page) return { response: errorPage(404, 'Not Found', `The requested URL ${path} was not found on this server.`), why: `${which} has no page ${path}: 404` };
    const response = pageResponse(page);
    const redirect = page.location ? `, redirecting to ${page.location}` : '';
    return { response, why: `${which}, page ${path} over ${scheme}${redirect}` };
  }

  private log(line: string, reason: string): void {
    this.ctx.trace.record({
      device: this.device.id, type: 'app', protocol: 'HTTP', summary: `web: ${line}`,
      layers: [{ layer: 7, protocol: 'HTTP', reason }],
      app: { name: 'web', run: 1, line },
    });
  }
}

function pageResponse(page: WebPageDoc): HttpResponse {
  const status = page.status ?? 200;
  const body = utf8(page.body ?? (page.location ? redirectBody(status, page.location) : ''));
  const headers = [
    { name: 'Server', value: 'Flintnet' },
    { name: 'Content-Type', value: page.contentType ?? DEFAULT_CONTENT_TYPE },
    { name: 'Content-Length', value: `${body.length}` },
    ...(page.location ? [{ name: 'Location', value: page.location }] : []),
  ];
  return { kind: 'response', status, reason: REASON_PHRASES[status] ?? 'Unknown', headers, body };
}

/** A redirect without a body of its own gets a short one with a link, as nginx and Apache send. */
function redirectBody(status: number, location: string): string {
  return `<html><head><title>${status} ${REASON_PHRASES[status] ?? ''}</title></head><body><a href="${location}">${location}</a></body></html>\n`;
}

/** A small HTML page for an error, Apache-style: the status and one sentence. No Date header: a server without a clock sends none (RFC 9110 §6.6.1). */
function errorPage(status: number, reason: string, sentence: string): HttpResponse {
  const body = utf8(`<html><head><title>${status} ${reason}</title></head><body><h1>${reason}</h1><p>${sentence}</p></body></html>\n`);
  return {
    kind: 'response', status, reason, body,
    headers: [
      { name: 'Server', value: 'Flintnet' },
      { name: 'Content-Type', value: DEFAULT_CONTENT_TYPE },
      { name: 'Content-Length', value: `${body.length}` },
    ],
  };
}
