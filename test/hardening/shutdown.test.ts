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
    const inFlight = Array.from({ length: 4 }, identify);
    // Wait until the server is working on them (each takes tens of ms on one core).
    await new Promise((resolve) => setTimeout(resolve, 60));
    const closed = service.close();
    const answers = await Promise.all(inFlight);
    for (const { status, body } of answers) {
      expect(status).toBe(200);
      expect(body.data!.identifyVehicle.candidates.length).toBeGreaterThan(0);
    }
    await closed;
    await expect(fetch(`${service.baseUrl}/health`)).rejects.toThrow();
    expect(service.services.health.report().database).toBe(false);
    await service.stopAndClean();
  });
});
