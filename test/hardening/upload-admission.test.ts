/**
 * Uploads refused from their headers (issue #11: /health under load): past
 * MAX_UPLOADS_IN_FLIGHT multipart requests, one more is answered at once with
 * SERVICE_UNAVAILABLE, 503 and Retry-After without its body being parsed, the
 * server keeps serving, and a connection refused again before its
 * Retry-After is not read until then.
 */
import net from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.js';

const BOUNDARY = 'admission';
/** A multipart request whose "operations" part is not JSON: parsed, it is a 400 BAD_REQUEST. */
const MALFORMED = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="operations"\r\n\r\nnot json\r\n--${BOUNDARY}--\r\n`;
const uploadHead = (port: number, length: number) =>
  `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\napollo-require-preflight: true\r\n` +
  `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${length}\r\n\r\n`;

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One keep-alive connection: write requests, read their responses in order. */
class RawConnection {
  private buffered = '';
  private waiting: (() => void) | null = null;
  readonly socket: net.Socket;

  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.setEncoding('latin1');
    this.socket.on('data', (chunk: string) => {
      this.buffered += chunk;
      this.waiting?.();
    });
    this.socket.on('error', () => {});
  }

  async response(): Promise<RawResponse> {
    for (;;) {
      const end = this.buffered.indexOf('\r\n\r\n');
      if (end >= 0) {
        const [statusLine, ...lines] = this.buffered.slice(0, end).split('\r\n');
        const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
        const length = Number(headers['content-length'] ?? 0);
        if (this.buffered.length >= end + 4 + length) {
          const body = this.buffered.slice(end + 4, end + 4 + length);
          this.buffered = this.buffered.slice(end + 4 + length);
          return { status: Number(statusLine.split(' ')[1]), headers, body };
        }
      }
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }
}

let service: TestService;
let stalled: net.Socket;
beforeAll(async () => {
  service = await startTestService({ MAX_UPLOADS_IN_FLIGHT: '1' });
  // The one upload allowed in flight: its client sends the headers and a little of the body, then stalls.
  stalled = net.connect(service.server.port, '127.0.0.1');
  stalled.on('error', () => {});
  const arrived = once(service.server.httpServer, 'request');
  stalled.write(uploadHead(service.server.port, 5_000_000) + MALFORMED.slice(0, 20));
  await arrived;
});
afterAll(async () => {
  stalled.destroy();
  await service.stopAndClean();
});

const upload = (body: string) =>
  fetch(`${service.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'apollo-require-preflight': 'true' },
    body,
  });

describe('uploads past MAX_UPLOADS_IN_FLIGHT', () => {
  it('are refused from their headers with SERVICE_UNAVAILABLE, 503 and Retry-After, and the server keeps serving', async () => {
    // Parsed, this body would be a 400: the 503 shows it was refused before being read.
    const started = performance.now();
    const refused = await upload(MALFORMED + 'x'.repeat(2_000_000));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await refused.json()).toEqual({
      errors: [{ message: 'The identification service is at capacity; retry in 1 s.', extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 1 } }],
    });
    expect(performance.now() - started).toBeLessThan(1000);

    expect((await fetch(`${service.baseUrl}/health`)).status).toBe(200);
    expect(await service.gql('{ __typename }')).toEqual({ data: { __typename: 'Query' } });
  });

  it('holds back a connection refused again before its Retry-After has passed, then serves it', async () => {
    const connection = new RawConnection(service.server.port);
    const port = service.server.port;
    connection.socket.write(uploadHead(port, MALFORMED.length) + MALFORMED);
    const first = await connection.response();
    const firstAt = performance.now();
    expect(first.status).toBe(503);
    // Sent again at once, ignoring Retry-After: still answered, but the connection is not read for the rest of the second.
    connection.socket.write(uploadHead(port, MALFORMED.length) + MALFORMED);
    expect((await connection.response()).status).toBe(503);
    connection.socket.write(`GET /health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    const health = await connection.response();
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok' });
    expect(performance.now() - firstAt).toBeGreaterThan(900);
    connection.socket.destroy();
  });

  it('are read again once the upload in flight has ended', async () => {
    stalled.destroy();
    let response = await upload(MALFORMED);
    for (let i = 0; i < 50 && response.status === 503; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      response = await upload(MALFORMED);
    }
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});
