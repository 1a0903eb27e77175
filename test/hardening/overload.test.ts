/**
 * Memory bombs, load and slow clients (issue #11, items 1, 3 and 8), on the
 * real service with the shipped models: truncated images declaring 7000x7000
 * are refused without being decoded, the excess of concurrent identifications
 * is refused at once with SERVICE_UNAVAILABLE and Retry-After while /health
 * keeps answering (its latency is measured by bench:load), work past its deadline is cancelled instead of finished in
 * the background, and a client still sending after the deadline answer is cut off.
 */
import fs from 'node:fs';
import net from 'node:net';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { multipart } from '../helpers/multipart.js';
import { jpegDimensionBomb, pngPixelBomb } from '../helpers/images.js';
import { IdentifyVehiclesDocument } from '../generated/operations.js';

const photo = fs.readFileSync('test/fixtures/photos/clio/car172.jpg');
const codeOf = (body: { errors?: { extensions?: { code?: string } }[] }) => body.errors?.[0]?.extensions?.code;

async function uploadRaw(service: TestService, bytes: Buffer, filename: string) {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: 'mutation ($image: Upload!) { identifyVehicle(image: $image) { id } }', variables: { image: null } }));
  form.append('map', '{"0":["variables.image"]}');
  form.append('0', new Blob([new Uint8Array(bytes)]), filename);
  const response = await fetch(`${service.baseUrl}/graphql`, { method: 'POST', body: form, headers: { 'apollo-require-preflight': 'true' } });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] } };
}

/** Peak resident memory of this process (the in-process server) while `work` runs. */
async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number; baseMb: number }> {
  const baseMb = process.memoryUsage().rss / 2 ** 20;
  let peakMb = baseMb;
  const sampler = setInterval(() => (peakMb = Math.max(peakMb, process.memoryUsage().rss / 2 ** 20)), 5);
  try {
    const result = await work();
    return { result, peakMb: Math.max(peakMb, process.memoryUsage().rss / 2 ** 20), baseMb };
  } finally {
    clearInterval(sampler);
  }
}

let service: TestService;
beforeAll(async () => {
  service = await startTestService({ INFERENCE_ENABLED: 'true' });
});
afterAll(() => service.stopAndClean());

describe('memory bombs', () => {
  it('refuses 64 concurrent ~1 KB truncated images declaring 7000x7000 without decoding them', async () => {
    const bombs = [await jpegDimensionBomb(), pngPixelBomb(7000, 7000)];
    expect(Math.max(...bombs.map((bomb) => bomb.length))).toBeLessThanOrEqual(1024);
    const { result, peakMb, baseMb } = await peakRss(() =>
      Promise.all(Array.from({ length: 64 }, (_, i) => uploadRaw(service, bombs[i % 2], i % 2 ? 'bomb.png' : 'bomb.jpg'))),
    );
    const codes = result.map(({ body }) => codeOf(body));
    // Refused as corrupt, or (when the queue was full) as busy: never decoded into 147 MB each.
    expect(codes.filter((code) => code === 'BAD_USER_INPUT').length).toBeGreaterThan(0);
    expect(codes.every((code) => code === 'BAD_USER_INPUT' || code === 'SERVICE_UNAVAILABLE'), codes.join()).toBe(true);
    // Decoding them all would have cost 64 x 147 MB (the review measured 1 GB -> 8.6 GB).
    expect(peakMb - baseMb).toBeLessThan(600);
  });

  it('refuses 8 bombs in one identifyVehicles request, each at its index', async () => {
    const bomb = await jpegDimensionBomb();
    const { body } = await multipart(
      service.baseUrl,
      IdentifyVehiclesDocument,
      { images: Array(8).fill(null) },
      Array.from({ length: 8 }, (_, i) => ({ path: `images.${i}`, bytes: bomb, filename: `${i}.jpg` })),
    );
    expect(body.errors).toHaveLength(8);
    expect(new Set(body.errors!.map((error) => error.extensions?.code))).toEqual(new Set(['BAD_USER_INPUT']));
  });
});

describe('admission control under load', () => {
  it('refuses the excess at once with 503, SERVICE_UNAVAILABLE and Retry-After, serves the rest, and /health stays fast', async () => {
    // The same photo 16 times: without REUSE_IDENTIFICATIONS=false the later ones could be answered from the stored first one.
    const busy = await startTestService({ INFERENCE_ENABLED: 'true', REUSE_IDENTIFICATIONS: 'false', MAX_CONCURRENT_IDENTIFICATIONS: '1', MAX_QUEUED_IDENTIFICATIONS: '1' });
    try {
      let loading = true;
      const healthMs: number[] = [];
      const polling = (async () => {
        while (loading) {
          const started = performance.now();
          expect((await fetch(`${busy.baseUrl}/health`)).status).toBe(200);
          healthMs.push(performance.now() - started);
        }
      })();
      const answers = await Promise.all(Array.from({ length: 16 }, () => uploadRaw(busy, photo, 'car.jpg')));
      loading = false;
      await polling;
      const refused = answers.filter(({ body }) => codeOf(body) === 'SERVICE_UNAVAILABLE');
      const served = answers.filter(({ status, body }) => status === 200 && !body.errors);
      expect(refused.length).toBeGreaterThan(0);
      expect(served.length).toBeGreaterThanOrEqual(2);
      expect(served.length + refused.length).toBe(answers.length);
      for (const answer of refused) {
        expect(answer.status).toBe(503);
        expect(Number(answer.retryAfter)).toBeGreaterThan(0);
      }
      // /health answered throughout. Its latency target (p99 < 100 ms) is measured by `npm run bench:load`
      // with the server in its own process: here the client, the server and other jobs share two cores.
      expect(healthMs.length).toBeGreaterThan(0);
    } finally {
      await busy.stopAndClean();
    }
  });

  it('cancels identifications whose request reached its deadline instead of finishing them in the background', async () => {
    const slow = await startTestService({ INFERENCE_ENABLED: 'true', REUSE_IDENTIFICATIONS: 'false', MAX_CONCURRENT_IDENTIFICATIONS: '1', MAX_QUEUED_IDENTIFICATIONS: '32', REQUEST_TIMEOUT_MS: '100' });
    const stored = () => {
      const sqlite = new Database(slow.config.databasePath, { readonly: true });
      try {
        return (sqlite.prepare('SELECT count(*) AS n FROM identifications').get() as { n: number }).n;
      } finally {
        sqlite.close();
      }
    };
    try {
      const answers = await Promise.all(Array.from({ length: 16 }, () => uploadRaw(slow, photo, 'car.jpg')));
      const timedOut = answers.filter(({ status, body }) => status === 503 && codeOf(body) === 'TIMEOUT').length;
      const ok = answers.filter(({ status, body }) => status === 200 && !body.errors).length;
      expect(timedOut).toBeGreaterThan(0);
      // Close waits for whatever is still running: nothing queued may run after its deadline.
      await slow.close();
      // At most one identification can finish between its deadline and its answer being written.
      expect(stored()).toBeLessThanOrEqual(ok + 1);
      expect(stored()).toBeLessThan(answers.length);
    } finally {
      await slow.stopAndClean();
    }
  });
});

describe('leaks with the models loaded (item 9)', () => {
  it('shows no absolute file paths in /ready and health { models { detail } }', async () => {
    const ready = await (await fetch(`${service.baseUrl}/ready`)).text();
    const health = JSON.stringify(await service.gql('{ health { models { id detail } } }'));
    for (const text of [ready, health]) {
      expect(text).toContain('efficientnet-b7'); // absent: its reason names the missing file...
      expect(text).not.toContain(projectRoot); // ...relative to the models folder
      expect(text).not.toMatch(/"\/|\s\/[a-z]+\//);
    }
    expect(ready).toContain('efficientnet-b7/model.onnx not found');
  });

  it('says plainly that a file is not in a supported format', async () => {
    const { body } = await uploadRaw(service, Buffer.from('just some text, not a photo\n'.repeat(10)), 'note.jpg');
    expect(codeOf(body)).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(body.errors![0].message).toBe('This file is not in a supported image format; send JPEG, PNG or WebP.');
  });
});

describe('slow clients', () => {
  it('applies the header, request and connection limits to the HTTP server', () => {
    const { httpServer } = service.server;
    expect(httpServer.headersTimeout).toBe(service.config.http.headersTimeoutMs);
    expect(httpServer.requestTimeout).toBe(service.config.http.requestTimeoutMs);
    expect(httpServer.maxConnections).toBe(service.config.http.maxConnections);
  });

  it('stops reading a body still arriving after the deadline answer and closes the connection', async () => {
    const deadline = await startTestService({ INFERENCE_ENABLED: 'true', REQUEST_TIMEOUT_MS: '200' });
    try {
      const boundary = 'slowclient';
      const head =
        `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n` +
        JSON.stringify({ query: 'mutation ($image: Upload!) { identifyVehicle(image: $image) { id } }', variables: { image: null } }) +
        `\r\n--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.image"]}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="car.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`;
      const port = deadline.server.port;
      const socket = net.connect(port, '127.0.0.1');
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString('latin1')));
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.on('error', () => {});
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write(
        `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\napollo-require-preflight: true\r\n` +
          `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${head.length + 5_000_000}\r\n\r\n${head}`,
      );
      socket.write(photo.subarray(0, 1000)); // ... and then the client stalls
      await closed; // the server closes it: the test would time out if the connection stayed open
      expect(received).toMatch(/^HTTP\/1\.1 503/);
      expect(received.toLowerCase()).toContain('connection: close');
      expect(received).toContain('"TIMEOUT"');
    } finally {
      await deadline.stopAndClean();
    }
  });
});
