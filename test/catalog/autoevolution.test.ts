import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import {
  bodyStyleOf,
  buildGenerations,
  engineOf,
  generationName,
  generationYears,
  matchGeneration,
  type AutoevolutionRecord,
} from '../../src/bootstrap/autoevolution.js';
import { catalogNames } from '../../src/bootstrap/catalog.js';

const { seedDir } = loadConfig({});
const { byName } = catalogNames(seedDir);

/** A record as automobile.json has it (values copied from real rows). */
const record = (overrides: Partial<AutoevolutionRecord>): AutoevolutionRecord => ({
  brand: 'RENAULT',
  model: 'RENAULT  Clio 5 Doors 2016 - 2019 ',
  year: '2016 - 2019',
  option: '1.5 dCi 5MT (90 HP)',
  url: 'https://www.autoevolution.com/cars/renault-clio-5-doors-2016.html#eng_renault-clio-5-doors-2016-15-dci-5mt-90-hp',
  engine_displacement: '1461 cm3',
  engine_power: '66 KW @ 4000 RPM<br/>90 HP @ 4000 RPM<br/>89 BHP @ 4000 RPM',
  engine_fuel: 'Diesel',
  transmission_drive_type: 'Front Wheel Drive',
  transmission_gearbox: '5-Speed manual',
  dimensions_length: '159.4 in <b>OR</b> 4063 mm',
  dimensions_width: '68 in <b>OR</b> 1732 mm',
  dimensions_height: '57.4 in <b>OR</b> 1448 mm',
  dimensions_wheelbase: '102 in <b>OR</b> 2589 mm',
  weight_unladen: '2480',
  ...overrides,
});

describe('autoevolution generations', () => {
  it.each([
    ['VOLKSWAGEN', 'Golf VII 5 Doors', 'volkswagen-golf'],
    ['VOLKSWAGEN', 'Golf VII Variant', 'volkswagen-golf-variant'],
    ['BMW', '3 Series Sedan (F30)', 'bmw-3-series'],
    ['BMW', '1 Series 3 doors LCI (F21)', 'bmw-1-series'],
    ['BMW', 'M3 Coupe (E92)', 'bmw-3-series'],
    ['BMW', 'X5M', 'bmw-x5'],
    ['MERCEDES BENZ', 'E-Klasse (W212)', 'mercedes-benz-e-class'],
    ['MERCEDES BENZ', 'E 63 AMG T-Modell (S212)', 'mercedes-benz-e-class'],
    ['MERCEDES BENZ', 'CLS Class (C257)', 'mercedes-benz-cls'],
    ['MERCEDES BENZ', 'GLB-Class (X247)', 'mercedes-benz-glb'],
    ['RENAULT', 'Clio 5 Doors', 'renault-clio'],
    ['RENAULT', 'Clio Symbol/Thalia', 'renault-symbol'],
    ['CITROEN', 'Nemo Combi', 'citroen-nemo'],
    ['MAZDA', '3 / Axela Hatchback', 'mazda-3'],
    ['KIA', "cee'd Sport Wagon", 'kia-ceed'],
    ['TOYOTA', 'RAV4 5 Doors', 'toyota-rav4'],
    ['DACIA', 'Logan MCV', 'dacia-logan'],
    ['LAND ROVER', 'Range Rover Evoque Convertible', 'land-rover-range-rover-evoque'],
    ['MINI', 'Hatch 5 Doors', 'mini-hatch'],
  ])('%s %s -> %s', (brand, name, id) => {
    expect(matchGeneration(brand, name, byName)?.vehicleId).toBe(id);
  });

  it.each([
    ['FORD', 'Fusion North American'],
    ['VOLKSWAGEN', 'Passat (US)'],
    ['MERCEDES BENZ', 'X-Class'],
    ['VAUXHALL', 'Astra 5 Doors'],
    ['BUGATTI', 'Chiron'],
  ])('leaves %s %s out (another market, or no such car model in the catalog)', (brand, name) => {
    expect(matchGeneration(brand, name, byName)).toBeNull();
  });

  it('reads the name, years and body style of a generation', () => {
    expect(generationName(record({}))).toBe('Clio 5 Doors');
    expect(generationName({ brand: 'MERCEDES BENZ', model: 'MERCEDES BENZ  E-Klasse &quot;Ponton&quot; (W120) 1953 - 1962 ' })).toBe(
      'E-Klasse "Ponton" (W120)',
    );
    expect(generationYears('2016 - 2019')).toEqual({ yearFrom: 2016, yearTo: 2019, inProduction: false });
    expect(generationYears('2019 - Present')).toEqual({ yearFrom: 2019, yearTo: null, inProduction: true });
    expect(generationYears('-')).toEqual({ yearFrom: null, yearTo: null, inProduction: false });
    expect(bodyStyleOf('Golf VII Variant')).toBe('Estate');
    expect(bodyStyleOf('3 Series Cabriolet (E93)')).toBe('Convertible');
    expect(bodyStyleOf('Clio 5 Doors')).toBe('5 doors');
    expect(bodyStyleOf('A6 (C4)')).toBeNull();
  });

  it('reads an engine option, units converted, unknowns null', () => {
    expect(engineOf(record({}))).toEqual({
      name: '1.5 dCi 5MT (90 HP)',
      powerHp: 90,
      fuel: 'DIESEL',
      gearbox: '5-Speed manual',
      transmission: 'MANUAL',
      drive: 'FWD',
      displacementCc: 1461,
      // 2480 lb
      curbWeightKg: 1125,
    });
    const unknown = engineOf(record({ engine_fuel: '-', transmission_gearbox: '-', transmission_drive_type: '', engine_displacement: '-', weight_unladen: '0' }));
    expect(unknown).toMatchObject({ fuel: null, gearbox: null, transmission: null, drive: null, displacementCc: null, curbWeightKg: null, powerHp: 90 });
    expect(engineOf(record({ transmission_gearbox: '7-speed automatic (DSG)' })).transmission).toBe('AUTOMATIC');
  });

  it('groups engine options into generations; an engine-code name before the series existed is not the series', () => {
    const generations = buildGenerations(
      [
        record({}),
        record({ option: '0.9 TCe 5MT (90 HP)', engine_fuel: 'Gasoline', dimensions_length: '-', weight_unladen: '2300' }),
        record({ brand: 'BMW', model: 'BMW  3 Series Sedan (E30) 1982 - 1992 ', year: '1982 - 1992' }),
        // BMW's 328 of 1936 and M3 of 1986: only the M3 falls within the 3 Series' years.
        record({ brand: 'BMW', model: 'BMW  328 1936 - 1940 ', year: '1936 - 1940' }),
        record({ brand: 'BMW', model: 'BMW  M3 Coupe (E30) 1986 - 1992 ', year: '1986 - 1992' }),
      ],
      byName,
    );
    expect(Object.keys(generations).sort()).toEqual(['bmw-3-series', 'renault-clio']);
    expect(generations['bmw-3-series'].map((g) => g.name)).toEqual(['3 Series Sedan (E30)', 'M3 Coupe (E30)']);
    const [clio] = generations['renault-clio'];
    expect(clio).toMatchObject({ name: 'Clio 5 Doors', yearFrom: 2016, yearTo: 2019, bodyStyle: '5 doors', lengthMm: 4063, curbWeightKg: 1043 });
    expect(clio.url).toBe('https://www.autoevolution.com/cars/renault-clio-5-doors-2016.html');
    expect(clio.engines.map((e) => e.fuel)).toEqual(['DIESEL', 'PETROL']);
  });
});
