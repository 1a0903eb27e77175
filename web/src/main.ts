/**
 * The demo page: identify the car in a photo, show the detected box, the top
 * candidates and the catalog vehicle, estimate its price and draw the model's
 * depreciation curve. Plain DOM, no framework; the GraphQL documents and their
 * types are generated from web/src/operations/*.graphql (`npm run codegen`).
 */
import { ApiError, request, upload } from './api.js';
import { depreciationChart, type CurvePoint, type Marker } from './chart.js';
import { waterfallChart } from './waterfall.js';
import { byId, h } from './dom.js';
import { int, money, percent, words } from './format.js';
import {
  DemoDepreciationDocument,
  DemoEstimateDocument,
  DemoIdentifyDocument,
  DemoMileageCurveDocument,
  DemoRateOfferDocument,
  DemoVehicleDocument,
  type DemoEstimateQuery,
  type DemoIdentifyMutation,
  type DemoMileageCurveQuery,
  type Fuel,
  type PriceInput,
  type Transmission,
  type VehicleCardFragment,
} from './generated/operations.js';

type Identification = DemoIdentifyMutation['identifyVehicle'];
type Estimate = DemoEstimateQuery['estimatePrice'];
type MileagePoint = DemoMileageCurveQuery['estimatePrice']['curve'][number];

const TOP_K = 5;
const CURVE_YEARS = 15;
const KM_PER_YEAR = 15_000;
/** Points of the what-if mileage curve the slider moves along. */
const SLIDER_POINTS = 31;
/** The newest model year of the shipped market listings, until an estimate says its own (asOf). */
const DEFAULT_MARKET_YEAR = 2021;

/** What an error code means for a person; the code and the server's message are shown as well. */
const FRIENDLY: Record<string, string> = {
  NO_VEHICLE_FOUND: 'No car found in this photo.',
  UNSUPPORTED_MEDIA_TYPE: 'This file is not a photo the service can read (JPEG, PNG or WebP).',
  PAYLOAD_TOO_LARGE: 'This photo is too large.',
  SERVICE_UNAVAILABLE: 'The service cannot do this right now.',
  BAD_USER_INPUT: 'Please check what was sent.',
  NOT_FOUND: 'Not found.',
  NETWORK_ERROR: 'The server could not be reached.',
  INTERNAL_SERVER_ERROR: 'Something went wrong on the server.',
};

const ui = {
  dropzone: byId('dropzone'),
  input: byId<HTMLInputElement>('photo-input'),
  status: byId('identify-status'),
  identifyError: byId('identify-error'),
  preview: byId('preview'),
  img: byId<HTMLImageElement>('preview-img'),
  box: byId('box'),
  boxLabel: byId('box-label'),
  caption: byId('preview-caption'),
  result: byId('result'),
  summary: byId('result-summary'),
  candidates: byId<HTMLOListElement>('candidates'),
  candidatesTitle: byId('candidates-title'),
  vehicles: byId<HTMLOListElement>('vehicles'),
  vehiclesTitle: byId('vehicles-title'),
  vehicle: byId('vehicle'),
  price: byId('price'),
  form: byId<HTMLFormElement>('price-form'),
  year: byId<HTMLInputElement>('year'),
  mileage: byId<HTMLInputElement>('mileage'),
  fuel: byId<HTMLSelectElement>('fuel'),
  gearbox: byId<HTMLSelectElement>('gearbox'),
  power: byId<HTMLInputElement>('power'),
  assumed: { fuel: byId('fuel-assumed'), transmission: byId('gearbox-assumed'), powerHp: byId('power-assumed') },
  newPriceField: byId('new-price-field'),
  newPrice: byId<HTMLInputElement>('new-price'),
  estimateButton: byId<HTMLButtonElement>('estimate-button'),
  priceError: byId('price-error'),
  priceResult: byId('price-result'),
  curve: byId('curve'),
  curveBody: byId('curve-body'),
  why: byId('why'),
  waterfall: byId('waterfall'),
  whyReference: byId('why-reference'),
  comparables: byId('comparables'),
  slider: byId<HTMLInputElement>('mileage-slider'),
  whatIf: byId<HTMLOutputElement>('mileage-what-if'),
  offerForm: byId<HTMLFormElement>('offer-form'),
  askingPrice: byId<HTMLInputElement>('asking-price'),
  offerError: byId('offer-error'),
  offerRating: byId('offer-rating'),
};

const state: {
  identification: Identification | null;
  vehicle: VehicleCardFragment | null;
  marker: Marker | null;
  curve: { vehicle: VehicleCardFragment; points: CurvePoint[]; currency: string; kmPerYear: number } | null;
  /** Aborts the requests of the previous photo or vehicle when a new one is chosen. */
  controller: AbortController | null;
  objectUrl: string | null;
  /** Fields the service chose (the model's most common variant) rather than the person: sent empty, so they follow the car. */
  assumed: Set<AssumedField>;
  marketYear: number;
  /** The last estimate shown, and the input it was asked with (the why panel, the slider and the offer use them). */
  estimate: { vehicle: VehicleCardFragment; input: PriceInput; result: Estimate } | null;
  mileageCurve: MileagePoint[];
} = {
  identification: null,
  vehicle: null,
  marker: null,
  curve: null,
  controller: null,
  objectUrl: null,
  assumed: new Set(),
  marketYear: DEFAULT_MARKET_YEAR,
  estimate: null,
  mileageCurve: [],
};

type AssumedField = 'fuel' | 'transmission' | 'powerHp';
const ASSUMABLE: readonly AssumedField[] = ['fuel', 'transmission', 'powerHp'];

// ---------------------------------------------------------------- errors

function showError(target: HTMLElement, error: unknown): void {
  const { code, message } =
    error instanceof ApiError ? error : { code: 'CLIENT_ERROR', message: error instanceof Error ? error.message : String(error) };
  target.replaceChildren(
    h('p', { class: 'error-title', text: FRIENDLY[code] ?? 'The request failed.' }),
    h('p', { class: 'error-detail' }, h('code', { class: 'error-code', text: code }), ' ', message),
  );
  target.dataset.code = code;
  target.hidden = false;
}

function clearError(target: HTMLElement): void {
  target.hidden = true;
  target.replaceChildren();
  delete target.dataset.code;
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

// ---------------------------------------------------------------- photo and identification

function newController(): AbortSignal {
  state.controller?.abort();
  state.controller = new AbortController();
  return state.controller.signal;
}

async function identify(file: File): Promise<void> {
  const signal = newController();
  clearError(ui.identifyError);
  ui.result.hidden = true;
  ui.price.hidden = true;
  ui.why.hidden = true;
  ui.curve.hidden = true;
  ui.box.hidden = true;
  state.identification = null;
  state.vehicle = null;
  state.marker = null;

  if (state.objectUrl) URL.revokeObjectURL(state.objectUrl);
  state.objectUrl = URL.createObjectURL(file);
  ui.img.src = state.objectUrl;
  ui.img.alt = `The photo you chose: ${file.name}`;
  ui.caption.textContent = file.name;
  ui.preview.hidden = false;

  ui.status.textContent = 'Identifying the car…';
  document.body.setAttribute('aria-busy', 'true');
  try {
    const data = await upload(DemoIdentifyDocument, { image: null, topK: TOP_K }, { image: file }, signal);
    state.identification = data.identifyVehicle;
    ui.status.textContent = '';
    showIdentification(data.identifyVehicle);
  } catch (error) {
    if (isAbort(error)) return;
    ui.status.textContent = '';
    showError(ui.identifyError, error);
  } finally {
    if (!signal.aborted) document.body.removeAttribute('aria-busy');
  }
}

function nameOf(candidate: { label: string; make: string | null; model: string | null }): string {
  return candidate.make && candidate.model ? `${candidate.make} ${candidate.model}` : candidate.label;
}

function showIdentification(result: Identification): void {
  // The box is in original-image pixels after EXIF rotation, as is image {width height};
  // the browser shows the photo rotated the same way, so percentages place it on any size.
  const { boundingBox: box, image } = result;
  if (box && image.width > 0 && image.height > 0) {
    Object.assign(ui.box.style, {
      left: `${(box.x / image.width) * 100}%`,
      top: `${(box.y / image.height) * 100}%`,
      width: `${(box.width / image.width) * 100}%`,
      height: `${(box.height / image.height) * 100}%`,
    });
    ui.boxLabel.textContent = result.candidates[0] ? nameOf(result.candidates[0]) : 'car';
    // A box at the top edge (e.g. the whole photo) gets its label inside, so it stays on the photo.
    ui.box.classList.toggle('label-inside', box.y / image.height < 0.1);
    ui.box.hidden = false;
  }
  ui.caption.textContent = `${image.width} × ${image.height} px` + (box ? ` · detected car at ${box.x}, ${box.y} (${box.width} × ${box.height})` : '');

  const top = result.candidates[0];
  const unknown = result.outcome === 'UNKNOWN_MODEL';
  ui.summary.dataset.outcome = result.outcome;
  ui.summary.replaceChildren(
    unknown
      ? h('p', {}, h('strong', { text: 'A car we do not know yet' }), ' — it is none of the car models the service was trained on. The nearest known models are listed below.')
      : h('p', {},
          h('strong', { text: top ? nameOf(top) : 'Unknown' }), ` with ${percent(result.confidence)} confidence`,
          result.outcome === 'AMBIGUOUS' ? h('span', { class: 'badge', text: 'one of these look-alikes: pick the right one' }) : null),
    h('p', { class: 'meta', text: `${result.model.name} ${result.model.version} · ${int(result.timings.totalMs)} ms` + (result.bodyType ? ` · body: ${words(result.bodyType)}` : '') }),
  );

  ui.candidatesTitle.textContent = unknown ? 'Nearest known models' : 'Top candidates';
  showVehicles(result);
  ui.candidates.replaceChildren(
    ...result.candidates.map((candidate, index) => {
      const name = nameOf(candidate);
      const bar = h('span', { class: 'bar', attrs: { 'aria-hidden': 'true' } }, h('span', { class: 'bar-fill' }));
      (bar.firstElementChild as HTMLElement).style.width = `${Math.max(0.5, candidate.confidence * 100)}%`;
      const label = h('span', { class: 'candidate-name', text: name });
      const value = h('span', { class: 'candidate-confidence', text: percent(candidate.confidence) });
      const vehicleId = candidate.vehicle?.id;
      const body = vehicleId
        ? h('button', { class: 'candidate-button', attrs: { type: 'button', 'aria-pressed': String(vehicleId === result.vehicle?.id && index === 0) } }, label, value, bar)
        : h('div', { class: 'candidate-button is-static' }, label, value, bar);
      if (vehicleId) body.addEventListener('click', () => void selectCandidate(vehicleId, body as HTMLButtonElement));
      return h('li', { class: 'candidate' }, body);
    }),
  );
  ui.result.hidden = false;

  if (unknown) {
    // Not priced: the catalog vehicle of a model we do not know would be a wrong answer.
    ui.vehicle.replaceChildren(h('p', { class: 'note', text: 'No characteristics or price for a car model we do not know. Pick the nearest known model if it is the right one.' }));
  } else if (result.vehicle) {
    showVehicle(result.vehicle);
  } else {
    const another = result.candidates.some((candidate) => candidate.vehicle);
    ui.vehicle.replaceChildren(
      h('p', {
        class: 'note',
        text: 'The top candidate is not a car model of the catalog, so there are no characteristics or price for it. ' +
          (another ? 'Pick a candidate that is, or try another photo.' : 'Try another photo.'),
      }),
    );
  }
}

const SKIPPED: Record<string, string> = {
  TOO_SMALL: 'too small in the photo to identify',
  OVER_LIMIT: 'not identified (too many cars in one photo)',
};

/** Every detected car, the main one first; shown when there is more than one. */
function showVehicles(result: Identification): void {
  const several = result.vehicles.length > 1;
  ui.vehicles.hidden = !several;
  ui.vehiclesTitle.hidden = !several;
  ui.vehicles.replaceChildren(
    ...result.vehicles.map((v, index) => {
      const top = v.candidates[0];
      const what = v.skipped
        ? SKIPPED[v.skipped] ?? v.skipped
        : v.outcome === 'UNKNOWN_MODEL'
          ? `a car we do not know yet (nearest: ${top ? nameOf(top) : '—'})`
          : top
            ? `${nameOf(top)} ${percent(v.confidence ?? top.confidence)}`
            : 'not identified';
      const b = v.boundingBox;
      return h('li', { class: 'detected-vehicle' + (v.main ? ' is-main' : ''), attrs: { 'data-outcome': v.outcome ?? v.skipped ?? '' } },
        h('span', { class: 'vehicle-name', text: `Car ${index + 1}${v.main ? ' (main)' : ''}: ${what}` }),
        h('span', { class: 'meta', text: ` · ${b.width} × ${b.height} px at ${b.x}, ${b.y}` }));
    }),
  );
}

async function selectCandidate(vehicleId: string, button: HTMLButtonElement): Promise<void> {
  for (const other of ui.candidates.querySelectorAll('button')) other.setAttribute('aria-pressed', String(other === button));
  if (state.vehicle?.id === vehicleId) return;
  const signal = newController();
  ui.vehicle.replaceChildren(h('p', { class: 'status', text: 'Loading the car model…' }));
  try {
    const data = await request(DemoVehicleDocument, { id: vehicleId }, signal);
    showVehicle(data.vehicle);
  } catch (error) {
    if (isAbort(error)) return;
    const box = h('div', { class: 'error', attrs: { role: 'alert' } });
    showError(box, error);
    ui.vehicle.replaceChildren(box);
  }
}

// ---------------------------------------------------------------- vehicle

function yearsOf(vehicle: VehicleCardFragment): string {
  if (vehicle.yearFrom && vehicle.yearTo) return vehicle.yearFrom === vehicle.yearTo ? String(vehicle.yearFrom) : `${vehicle.yearFrom}–${vehicle.yearTo}`;
  if (vehicle.yearFrom) return vehicle.inProduction ? `since ${vehicle.yearFrom}` : `from ${vehicle.yearFrom}`;
  return 'unknown';
}

function range(min: number | null, max: number | null, unit: string): string | null {
  if (min === null && max === null) return null;
  if (min === null || max === null || min === max) return `${int((min ?? max)!)} ${unit}`;
  return `${int(min)}–${int(max)} ${unit}`;
}

function showVehicle(vehicle: VehicleCardFragment): void {
  state.vehicle = vehicle;
  state.marker = null;
  const c = vehicle.characteristics;
  const rows: [string, string | null][] = [
    ['Make', vehicle.make],
    ['Model', vehicle.model],
    ['Years', yearsOf(vehicle)],
    ['Body style', vehicle.bodyStyle ?? '—'],
    ['New price', vehicle.newPrice !== null ? money(vehicle.newPrice) : 'unknown'],
    ['Used-car listings', int(vehicle.listingsCount)],
    ['Fuel', c.fuelTypes.length ? c.fuelTypes.map(words).join(', ') : null],
    ['Gearbox', c.transmissions.length ? c.transmissions.map(words).join(', ') : null],
    ['Power', range(c.powerHpMin, c.powerHpMax, 'hp')],
    ['Doors', c.doors !== null ? String(c.doors) : null],
    ['Driven wheels', c.drivenWheels.length ? c.drivenWheels.map(words).join(', ') : null],
    ['Size', c.vehicleSize ? words(c.vehicleSize) : null],
  ];
  const facts = h('dl', { class: 'facts' });
  for (const [term, value] of rows) {
    if (value === null) continue;
    facts.append(h('div', {}, h('dt', { text: term }), h('dd', { text: value })));
  }
  // The newest generations first: what a photo of a used car most likely shows.
  const generations = [...vehicle.generations].sort((a, b) => (b.yearFrom ?? 0) - (a.yearFrom ?? 0)).slice(0, 4);
  const sources = [
    ...(generations.length ? [`generations: ${generations[0].source}`] : []),
    ...(c.source ? [`characteristics: ${c.source}`] : []),
  ];
  ui.vehicle.replaceChildren(
    h('h3', { id: 'vehicle-name', class: 'vehicle-name', text: `${vehicle.make} ${vehicle.model}` }),
    facts,
    ...(generations.length
      ? [h('ul', { id: 'generations', class: 'generations' }, ...generations.map((g) => h('li', { text: `${g.name} (${g.yearFrom ?? '?'}–${g.inProduction ? '' : (g.yearTo ?? '?')})` })))]
      : []),
    h('p', { class: 'meta', text: sources.length ? `Sources: ${sources.join('; ')}.` : 'No source gives characteristics for this model yet.' }),
  );

  prefill(vehicle);
  clearError(ui.priceError);
  ui.priceResult.replaceChildren();
  ui.newPriceField.hidden = true;
  ui.newPrice.required = false;
  ui.newPrice.value = '';
  ui.price.hidden = false;
  // Priced at once from year and mileage; the curve follows the estimate.
  void estimate(vehicle);
}

/**
 * Year and mileage from the catalog (a car about four years old within the
 * model's years and the market's); fuel, gearbox and power are left to the
 * service, which assumes the model's most common variant and says so.
 */
function prefill(vehicle: VehicleCardFragment): void {
  const latest = Math.min(vehicle.yearTo ?? state.marketYear, state.marketYear);
  const year = Math.max(vehicle.yearFrom ?? latest - 4, latest - 4);
  ui.year.max = String(state.marketYear + 1);
  ui.year.value = String(year);
  ui.mileage.value = String(Math.max(1, state.marketYear - year) * KM_PER_YEAR);
  state.assumed = new Set(ASSUMABLE);
  for (const field of ASSUMABLE) ui.assumed[field].hidden = true;
}

/** A field the person changed is theirs from now on. */
function ownField(field: AssumedField): void {
  state.assumed.delete(field);
  ui.assumed[field].hidden = true;
}

// ---------------------------------------------------------------- price

function readNumber(input: HTMLInputElement): number {
  return input.value.trim() === '' ? NaN : Number(input.value);
}

function priceInput(vehicle: VehicleCardFragment): PriceInput {
  const newPrice = ui.newPriceField.hidden ? NaN : readNumber(ui.newPrice);
  const given = (field: AssumedField) => !state.assumed.has(field);
  return {
    vehicleId: vehicle.id,
    make: vehicle.make,
    model: vehicle.model,
    year: readNumber(ui.year),
    mileageKm: readNumber(ui.mileage),
    fuel: given('fuel') ? (ui.fuel.value as Fuel) : null,
    transmission: given('transmission') ? (ui.gearbox.value as Transmission) : null,
    powerHp: given('powerHp') ? readNumber(ui.power) : null,
    newPrice: Number.isFinite(newPrice) ? newPrice : null,
  };
}

async function estimate(vehicle: VehicleCardFragment): Promise<void> {
  const input = priceInput(vehicle);
  clearError(ui.priceError);
  ui.priceResult.replaceChildren(h('p', { class: 'status', text: 'Estimating…' }));
  ui.estimateButton.disabled = true;
  try {
    const { estimatePrice: p } = await request(DemoEstimateDocument, { input }, state.controller?.signal);
    if (state.vehicle !== vehicle) return;
    // The assumed values become editable inputs, each saying where it comes from.
    ui.fuel.value = p.car.fuel;
    ui.gearbox.value = p.car.transmission;
    ui.power.value = String(p.car.powerHp);
    for (const field of ASSUMABLE) {
      const assumption = p.assumptions.find((a) => a.field === field);
      ui.assumed[field].hidden = !assumption;
      ui.assumed[field].textContent = assumption ? `Assumed: ${assumption.source}.` : '';
    }
    if (p.asOf) state.marketYear = Number(p.asOf.slice(0, 4)) || state.marketYear;
    const listings = p.hasListings ? `${int(p.listingsCount)} listings of this model` : `no listings of this model: priced from ${int(p.listingsCount)} listings of its make`;
    ui.priceResult.replaceChildren(
      h('p', { class: 'price' }, h('span', { id: 'price-amount', class: 'price-amount', text: money(p.amount, p.currency) })),
      h('p', { class: 'price-interval' },
        `${percent(p.intervalLevel)} interval: `,
        h('span', { id: 'price-low', text: money(p.low, p.currency) }), ' to ',
        h('span', { id: 'price-high', text: money(p.high, p.currency) })),
      h('p', { id: 'price-basis', class: 'meta', text: `${p.basis}, ${p.asOf ?? 'date unknown'}: prices of that market, not of today. Method ${p.method}, ${listings}.` }),
    );
    state.marker = { year: p.car.year, amount: p.amount, low: p.low, high: p.high };
    state.estimate = { vehicle, input, result: p };
    ui.offerRating.replaceChildren();
    clearError(ui.offerError);
    showWhy();
    void loadMileageCurve(vehicle, input);
    void loadCurve(vehicle, input.newPrice ?? null);
  } catch (error) {
    if (isAbort(error)) return;
    ui.priceResult.replaceChildren();
    showError(ui.priceError, error);
    if (error instanceof ApiError && error.code === 'BAD_USER_INPUT' && error.field === 'newPrice') {
      ui.newPriceField.hidden = false;
      ui.newPrice.required = true;
      ui.newPrice.focus();
    }
  } finally {
    ui.estimateButton.disabled = false;
  }
}

function submit(event: SubmitEvent): void {
  event.preventDefault();
  if (state.vehicle && ui.form.reportValidity()) void estimate(state.vehicle);
}

// ---------------------------------------------------------------- why this price

/** "mileage 120,000 km (typical 64,000 km)" -> "Mileage 120,000 km": the bar says the car's value, the text below the reference's. */
const barLabel = (value: string): string => {
  const own = value.replace(/ \(.*\)$/, '');
  return own.charAt(0).toUpperCase() + own.slice(1);
};

/** The explanation as a waterfall, and the nearest listings of the same model as a table. */
function showWhy(): void {
  const shown = state.estimate;
  if (!shown || shown.vehicle !== state.vehicle) return;
  const { result: p } = shown;
  const { explanation, comparables } = p;
  const reference = explanation.reference;
  ui.why.hidden = false;
  ui.waterfall.replaceChildren(
    waterfallChart(
      explanation.baseline,
      explanation.contributions.map((c) => ({ label: barLabel(c.value), amount: c.amountEur })),
      p.amount,
      { currency: p.currency, baselineLabel: 'Typical listing', width: ui.waterfall.clientWidth },
    ),
  );
  ui.whyReference.textContent =
    `Typical listing: ${reference.year}, ${int(reference.mileageKm)} km, ${words(reference.fuel)}, ${words(reference.transmission)}, ${reference.powerHp} hp ` +
    `(medians and most common values of ${int(explanation.referenceListings)} listings). Each bar is what one difference from it adds or takes away; they add up to the estimate.`;
  if (comparables.totalCount === 0) {
    ui.comparables.replaceChildren(h('p', { class: 'note', text: 'No listings of this model: nothing to compare with.' }));
  } else {
    const header = ['Price', 'Year', 'Mileage', 'Fuel', 'Gearbox', 'Power', 'Differs by'];
    ui.comparables.replaceChildren(
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { id: 'comparables-table', class: 'comparables-table' },
          h('caption', { class: 'meta', text: `The ${comparables.nodes.length} nearest of ${int(comparables.totalCount)} listings of this model.` }),
          h('thead', {}, h('tr', {}, ...header.map((title) => h('th', { text: title, attrs: { scope: 'col' } })))),
          h(
            'tbody',
            {},
            ...comparables.nodes.map((c) =>
              h(
                'tr',
                {},
                h('td', { class: 'num comparable-price', text: money(c.price, p.currency) }),
                h('td', { class: 'num', text: String(c.car.year) }),
                h('td', { class: 'num', text: `${int(c.car.mileageKm)} km` }),
                h('td', { text: words(c.car.fuel) }),
                h('td', { text: words(c.car.transmission) }),
                h('td', { class: 'num', text: `${c.car.powerHp} hp` }),
                h('td', { text: c.differences.length ? c.differences.join(', ') : 'same car' }),
              ),
            ),
          ),
        ),
      ),
    );
  }
}

/** Loads the estimate along mileage once per estimate; the slider then moves along it without a request per step. */
async function loadMileageCurve(vehicle: VehicleCardFragment, input: PriceInput): Promise<void> {
  ui.slider.disabled = true;
  try {
    const data = await request(DemoMileageCurveDocument, { input, points: SLIDER_POINTS }, state.controller?.signal);
    if (state.vehicle !== vehicle) return;
    state.mileageCurve = data.estimatePrice.curve;
    const last = state.mileageCurve[state.mileageCurve.length - 1];
    ui.slider.max = String(last.mileageKm);
    ui.slider.step = String(state.mileageCurve[1].mileageKm - state.mileageCurve[0].mileageKm);
    ui.slider.value = String(nearestPoint(input.mileageKm).mileageKm);
    ui.slider.disabled = false;
    showWhatIf();
  } catch (error) {
    if (isAbort(error)) return;
    ui.whatIf.textContent = error instanceof ApiError ? `${error.code}: ${error.message}` : 'The mileage curve could not be loaded.';
  }
}

function nearestPoint(mileageKm: number): MileagePoint {
  return state.mileageCurve.reduce((best, point) => (Math.abs(point.mileageKm - mileageKm) < Math.abs(best.mileageKm - mileageKm) ? point : best));
}

function showWhatIf(): void {
  if (state.mileageCurve.length === 0) return;
  const point = nearestPoint(Number(ui.slider.value));
  const currency = state.estimate?.result.currency ?? 'EUR';
  ui.whatIf.textContent = `At ${int(point.mileageKm)} km: ${money(point.amount, currency)} (${money(point.low, currency)} to ${money(point.high, currency)})`;
  ui.whatIf.dataset.amount = String(point.amount);
}

const LABEL_NAMES: Record<string, string> = { GREAT: 'Great price', GOOD: 'Good price', FAIR: 'Fair price', HIGH: 'High price', OVERPRICED: 'Overpriced' };

async function rateOffer(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const shown = state.estimate;
  if (!shown || !ui.offerForm.reportValidity()) return;
  clearError(ui.offerError);
  try {
    const { rateOffer: r } = await request(DemoRateOfferDocument, { input: shown.input, askingPrice: readNumber(ui.askingPrice) }, state.controller?.signal);
    if (state.estimate !== shown) return;
    if (r.label === 'NO_RATING') {
      ui.offerRating.replaceChildren(h('span', { id: 'offer-badge', class: 'badge', text: 'No rating' }), ` ${r.reason ?? ''}`);
    } else {
      const margin = r.nextLabel && r.marginEur !== null ? ` ${money(r.marginEur, shown.result.currency)} from ${LABEL_NAMES[r.nextLabel] ?? r.nextLabel}.` : '';
      ui.offerRating.replaceChildren(
        h('span', { id: 'offer-badge', class: `badge badge-${r.label}`, text: LABEL_NAMES[r.label] ?? r.label }),
        ` Cheaper than ${Math.round(100 - (r.percentile ?? 50))}% of expected prices for this car.${margin}`,
      );
    }
    ui.offerRating.dataset.label = r.label;
  } catch (error) {
    if (isAbort(error)) return;
    ui.offerRating.replaceChildren();
    showError(ui.offerError, error);
  }
}

// ---------------------------------------------------------------- depreciation curve

async function loadCurve(vehicle: VehicleCardFragment, newPrice: number | null): Promise<void> {
  ui.curve.hidden = false;
  if (state.curve?.vehicle !== vehicle) {
    state.curve = null;
    ui.curveBody.replaceChildren(h('p', { class: 'status', text: 'Loading the curve…' }));
  }
  try {
    const data = await request(DemoDepreciationDocument, { id: vehicle.id, years: CURVE_YEARS, newPrice }, state.controller?.signal);
    if (state.vehicle !== vehicle) return;
    const curve = data.vehicle.depreciation;
    if (!curve || curve.points.length === 0) {
      state.curve = null;
      ui.curveBody.replaceChildren(
        h('p', { class: 'note', text: 'No curve for this model: the market data does not cover its years.' }),
      );
      return;
    }
    state.curve = { vehicle, points: curve.points, currency: curve.currency, kmPerYear: curve.mileageKmPerYear };
    drawCurve();
  } catch (error) {
    if (isAbort(error)) return;
    const box = h('div', { class: 'error', attrs: { role: 'alert' } });
    showError(box, error);
    ui.curveBody.replaceChildren(box);
  }
}

/** Draws the last loaded curve at the width of its panel (again when the window is resized). */
function drawCurve(): void {
  const curve = state.curve;
  if (!curve || curve.vehicle !== state.vehicle) return;
  ui.curveBody.replaceChildren(
    depreciationChart(curve.points, {
      title: `Value of a ${curve.vehicle.make} ${curve.vehicle.model} by model year`,
      currency: curve.currency,
      marker: state.marker,
      width: ui.curveBody.clientWidth,
    }),
    h('p', { class: 'meta', text: `A typical car: ${int(curve.kmPerYear)} km a year, the model's usual fuel, gearbox and power.` }),
  );
}

// ---------------------------------------------------------------- wiring

let resizeTimer = 0;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(() => {
    drawCurve();
    showWhy();
  }, 150);
});

function pick(files: FileList | null | undefined): void {
  const file = files?.[0];
  if (file) void identify(file);
}

ui.input.addEventListener('change', () => {
  pick(ui.input.files);
  ui.input.value = ''; // so that choosing the same file again identifies it again
});
ui.dropzone.addEventListener('dragover', (event) => {
  event.preventDefault();
  if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  ui.dropzone.classList.add('is-over');
});
ui.dropzone.addEventListener('dragleave', () => ui.dropzone.classList.remove('is-over'));
ui.dropzone.addEventListener('drop', (event) => {
  event.preventDefault();
  ui.dropzone.classList.remove('is-over');
  pick(event.dataTransfer?.files);
});
// A photo dropped anywhere else should not make the browser navigate away from the page.
window.addEventListener('dragover', (event) => event.preventDefault());
window.addEventListener('drop', (event) => event.preventDefault());
ui.form.addEventListener('submit', submit);
ui.offerForm.addEventListener('submit', (event) => void rateOffer(event));
ui.slider.addEventListener('input', showWhatIf);
ui.fuel.addEventListener('change', () => ownField('fuel'));
ui.gearbox.addEventListener('change', () => ownField('transmission'));
ui.power.addEventListener('input', () => ownField('powerHp'));
document.documentElement.dataset.ready = 'true';
