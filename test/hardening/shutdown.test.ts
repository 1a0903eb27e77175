import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startTestService } from '../helpers/service.js';
import { multipart } from '../helpers/multipart.js';
import { IdentifyVehicleDocument, type IdentifyVehicleMutation } from '../generated/operations.js';

describe('graceful shutdown', () => {
  it('finishes in-flight identifications, then refuses new connections and closes the database', async () => {
    const service = await startTestService({ INFERENCE_ENABLED: 'true' });
    const photo = fs.readFileSync('test/fixtures/photos/clio/car172.jpg');
    const identify = () =>
      multipart<IdentifyVehicleMutation>(service.baseUrl, IdentifyVehicleDocument, { image: null }, [{ path: 'image', bytes: photo, filename: 'car.jpg' }]);
    await identify(); // warm connection pool and sessions
    // An explicit readiness signal instead of a sleep: close only once the server has all four requests.
    let received = 0;
    const allReceived = new Promise<void>((resolve) =>
      service.server.httpServer.on('request', () => {
        if (++received === 4) resolve();
      }),
    );
    const inFlight = Array.from({ length: 4 }, identify);
    await allReceived;
    const closed = service.close();
    const answers = await Promise.all(inFlight);
    for (const { status, body } of answers) {
      expect(status).toBe(200);
      expect(body.data!.identifyVehicle.candidates.length).toBeGreaterThan(0);
    }
    await closed;
    await expect(fetch(`${service.baseUrl}/health`)).rejects.toThrow();
    expect((await service.services.health.report()).database).toBe(false);
    await service.stopAndClean();
  });
});
