/**
 * End-to-end test of the demo page (web/): the real service in-process, the
 * page built with `node web/build.mjs` (npm run build:web), driven in headless
 * Chromium by playwright-core on an offline machine. Skipped, with a message,
 * only when Chromium is not installed (CI: apt-get install -y chromium).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, tempDir, type TestService } from '../helpers/service.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
const WEB_DIR = path.resolve('dist/web');
/** A side-front view where YOLOX finds the car (box 24,50 194x121 in the 224x224 photo). */
const PHOTO = path.resolve('test/fixtures/photos/clio/car276.jpg');
/** The catalog vehicle of the top candidate for PHOTO with the shipped car classifier (models/car-classifier). */
const EXPECTED_VEHICLE = 'Renault Clio';
/** Flags for a machine without internet: nothing phones home. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Parses "€15,229" (or "15 229 €") into 15229; the page shows whole euros. */
const euros = (text: string): number => Number(text.replace(/[^\d]/g, ''));

const title = hasChromium
  ? 'demo page in headless Chromium'
  : `demo page in headless Chromium (skipped: no Chromium at ${CHROMIUM}; install it with apt-get install -y chromium)`;

if (!hasChromium) console.warn(`[e2e] ${title}`);

describe.skipIf(!hasChromium)(title, () => {
  let service: TestService;
  let context: BrowserContext;
  let page: Page;
  let profileDir: string;
  const requests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // Build the page the way `npm run build:web` does, so that a clean clone passes.
    try {
      execFileSync(process.execPath, ['web/build.mjs'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      throw new Error(`building the page (node web/build.mjs) failed:\n${stdout}${stderr}`);
    }
    service = await startTestService({ INFERENCE_ENABLED: 'true', WEB_DIR });
    profileDir = tempDir('carvalue-chromium-');
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
      locale: 'en-US',
      serviceWorkers: 'block',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${service.baseUrl}/`);
    await page.waitForSelector('html[data-ready="true"]');
  });

  afterAll(async () => {
    await context?.close();
    if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
    await service?.stopAndClean();
  });

  /** Chooses a photo with the file input and waits for the identification or its error. */
  async function identifyInPage(file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    await page.setInputFiles('#photo-input', file);
    await page.waitForSelector('#vehicle-name, #result:not([hidden]), #identify-error:not([hidden])', { timeout: 30_000 });
  }

  async function expectIdentified(): Promise<void> {
    const failure = page.locator('#identify-error');
    if (await failure.isVisible()) expect.fail(`identification failed in the page: ${await failure.innerText()}`);
    await page.waitForSelector('#vehicle-name');
  }

  it('serves the page at / with its scripts, and no script error', async () => {
    expect(await page.title()).toContain('carvalue');
    // Labelled controls: the file input and the form fields are found by their labels.
    expect(await page.getByLabel(/Drop a car photo/).count()).toBe(1);
    for (const label of ['Model year', 'Mileage (km)', 'Fuel', 'Gearbox', 'Power (hp)', 'New price (EUR)']) {
      expect(await page.getByLabel(label, { exact: true }).count(), label).toBe(1);
    }
    expect(await page.locator('#photo-input').getAttribute('accept')).toContain('image/jpeg');
    expect(pageErrors).toEqual([]);
  });

  it('identifies the car in a photo, draws its box, and prices it with an 80% interval', async () => {
    await identifyInPage(PHOTO);
    await expectIdentified();

    // The vehicle of the top candidate, its candidates with confidence bars, the box on the photo.
    expect(await page.locator('#vehicle-name').innerText()).toBe(EXPECTED_VEHICLE);
    const candidates = page.locator('#candidates > li');
    expect(await candidates.count()).toBeGreaterThanOrEqual(2);
    expect(await candidates.first().locator('.candidate-name').innerText()).toBe(EXPECTED_VEHICLE);
    expect(await candidates.first().locator('.candidate-confidence').innerText()).toMatch(/^[<>]?\d+%$/);
    const facts = await page.locator('.facts').innerText();
    expect(facts).toContain('Renault');
    expect(facts).toContain('Used-car listings');
    const photo = (await page.locator('#preview-img').boundingBox())!;
    const box = (await page.locator('#box').boundingBox())!;
    expect(await page.locator('#box').isVisible()).toBe(true);
    // The box is drawn where the detector found the car: inside the photo, and smaller than it.
    expect(box.width).toBeGreaterThan(photo.width * 0.5);
    expect(box.width).toBeLessThan(photo.width * 0.95);
    expect(box.y).toBeGreaterThan(photo.y + photo.height * 0.1);
    expect(box.x).toBeGreaterThanOrEqual(photo.x - 4);
    expect(box.x + box.width).toBeLessThanOrEqual(photo.x + photo.width + 4);
    expect(box.y + box.height).toBeLessThanOrEqual(photo.y + photo.height + 4);

    // Priced at once from the prefilled year and mileage: the assumed fuel, gearbox and power are shown as editable fields.
    await page.waitForSelector('#price-amount');
    expect(Number(await page.inputValue('#year'))).toBeGreaterThanOrEqual(2011);
    for (const id of ['#fuel-assumed', '#gearbox-assumed', '#power-assumed']) {
      expect(await page.locator(id).innerText()).toMatch(/^Assumed: .*most common variant of the [\d,]+ Renault Clio listings/);
    }
    expect(Number(await page.inputValue('#power'))).toBeGreaterThan(40);
    expect(await page.locator('#price-basis').innerText()).toMatch(/asking prices, AutoScout24 Germany, 2021/);
    const first = euros(await page.locator('#price-amount').innerText());

    // Editing an assumed value makes it the person's: more power, a dearer car.
    await page.fill('#power', String(Number(await page.inputValue('#power')) + 60));
    expect(await page.locator('#power-assumed').isHidden()).toBe(true);
    const before = await page.locator('#price-amount').innerText();
    await page.click('#estimate-button');
    await page.waitForFunction((shown) => {
      const text = document.querySelector('#price-amount')?.textContent ?? '';
      return text !== '' && text !== shown;
    }, before);
    const amountText = await page.locator('#price-amount').innerText();
    expect(amountText).toContain('€');
    const [amount, low, high] = [amountText, await page.locator('#price-low').innerText(), await page.locator('#price-high').innerText()].map(euros);
    expect(amount).toBeGreaterThan(first);
    expect(low).toBeLessThanOrEqual(amount);
    expect(amount).toBeLessThanOrEqual(high);
    expect(await page.locator('.price-interval').innerText()).toContain('80%');
    expect(await page.locator('#fuel-assumed').isVisible()).toBe(true);

    // The depreciation curve (inline SVG) with the priced car on it.
    // Why this price: the waterfall goes from the typical listing to this car, one bar per difference.
    await page.waitForSelector('#waterfall svg.waterfall');
    const bars = await page.locator('#waterfall svg.waterfall rect.wf-bar').count();
    expect(bars).toBeGreaterThanOrEqual(3);
    expect(await page.locator('#waterfall svg.waterfall .waterfall-label').first().textContent()).toBe('Typical listing');
    expect(await page.locator('#waterfall svg.waterfall .waterfall-label').last().textContent()).toBe('This car');
    expect(euros((await page.locator('#waterfall svg.waterfall .waterfall-value').last().textContent())!)).toBe(amount);
    expect(await page.locator('#waterfall svg.waterfall .waterfall-label').allTextContents()).toContain(`${await page.inputValue('#power')} hp`);
    expect(await page.locator('#why-reference').innerText()).toMatch(/^Typical listing: \d{4}, [\d,]+ km/);
    // The nearest listings of the same model.
    const comparables = page.locator('#comparables-table tbody tr');
    expect(await comparables.count()).toBe(5);
    expect(euros(await comparables.first().locator('.comparable-price').innerText())).toBeGreaterThan(0);
    // The mileage slider moves along the what-if curve: more kilometres, a lower price.
    await page.waitForSelector('#mileage-slider:not([disabled])');
    await page.locator('#mileage-slider').fill('0');
    const atZero = Number(await page.locator('#mileage-what-if').getAttribute('data-amount'));
    expect(await page.locator('#mileage-what-if').innerText()).toMatch(/^At 0 km: €/);
    await page.locator('#mileage-slider').fill('300000');
    expect(await page.locator('#mileage-what-if').innerText()).toMatch(/^At 300,000 km: €/);
    expect(Number(await page.locator('#mileage-what-if').getAttribute('data-amount'))).toBeLessThan(atZero);
    // An asking price far above the estimate is overpriced, far below a great price.
    for (const [asking, badge] of [[amount * 2, 'Overpriced'], [Math.round(amount / 2), 'Great price']] as const) {
      await page.fill('#asking-price', String(asking));
      await page.click('#rate-button');
      await page.waitForFunction((text) => document.querySelector('#offer-badge')?.textContent === text, badge);
    }

    await page.waitForSelector('#curve svg.chart .marker');
    // One point per model year the market data supports (2009-2021: ages 0 to 12).
    expect(await page.locator('#curve svg.chart circle.dot').count()).toBe(13);
    expect(await page.locator('#curve svg.chart').getAttribute('role')).toBe('img');

    const dir = process.env.E2E_SCREENSHOT_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'carvalue-e2e-'));
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'demo.png');
    await page.screenshot({ path: file, fullPage: true });
    console.log(`[e2e] screenshot: ${file}`);
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
  });

  it('lists every detected car of a photo with two cars, the main one first', async () => {
    const fixture = (f: string) => path.resolve('test/fixtures/photos', f);
    const buffer = await sharp({ create: { width: 480, height: 224, channels: 3, background: '#808080' } })
      .composite([
        { input: fixture('duster/car434.jpg'), left: 0, top: 0 },
        { input: fixture('volkswagen_tiguan/car1519.jpg'), left: 256, top: 0 },
      ])
      .jpeg()
      .toBuffer();
    await identifyInPage({ name: 'two-cars.jpg', mimeType: 'image/jpeg', buffer });
    await expectIdentified();
    const rows = page.locator('#vehicles > li');
    expect(await page.locator('#vehicles').isVisible()).toBe(true);
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    expect(await rows.first().getAttribute('class')).toContain('is-main');
    const text = await page.locator('#vehicles').innerText();
    expect(text).toMatch(/Car 1 \(main\): /);
    expect(text).toMatch(/Duster/);
    expect(text).toMatch(/Tiguan/);
    expect(await page.locator('#result-summary').getAttribute('data-outcome')).toMatch(/^(IDENTIFIED|AMBIGUOUS|UNKNOWN_MODEL)$/);
  });

  it('shows the error code and message for a photo without a car (dropped on the page)', async () => {
    const noise = await sharp(Buffer.from(Array.from({ length: 320 * 240 * 3 }, (_, i) => (i * 7919) % 251)), {
      raw: { width: 320, height: 240, channels: 3 },
    })
      .png()
      .toBuffer();
    // Drop the file on the drop zone, as a person dragging it from their desktop would.
    const dataTransfer = await page.evaluateHandle(`(() => {
      const bytes = Uint8Array.from(atob('${noise.toString('base64')}'), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'noise.png', { type: 'image/png' }));
      return transfer;
    })()`);
    await page.dispatchEvent('#dropzone', 'drop', { dataTransfer });
    const error = page.locator('#identify-error');
    await error.waitFor({ state: 'visible' });
    expect(await error.innerText()).toContain('No car found in this photo');
    expect(await error.getAttribute('data-code')).toBe('NO_VEHICLE_FOUND');
    expect(await error.locator('code').innerText()).toBe('NO_VEHICLE_FOUND');
    expect(await page.locator('#result').isHidden()).toBe(true);
    expect(await page.locator('#price').isHidden()).toBe(true);
  });

  it('shows UNSUPPORTED_MEDIA_TYPE for a file that is not a photo', async () => {
    await identifyInPage({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('just some text, not a photo') });
    const error = page.locator('#identify-error');
    expect(await error.getAttribute('data-code')).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await error.innerText()).toContain('UNSUPPORTED_MEDIA_TYPE');
  });

  it('fits a phone screen without horizontal scrolling', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    await identifyInPage(PHOTO);
    await expectIdentified();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
  });

  it('sent no request to anything but this server', () => {
    const local = ['127.0.0.1', 'localhost', '[::1]'];
    const foreign = requests.filter((url) => !url.startsWith('blob:') && !url.startsWith('data:') && !local.includes(new URL(url).hostname));
    expect(requests.length).toBeGreaterThan(5);
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
