import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveMarketName } from '../../src/catalog/market-names.js';
import { slugify } from '../../src/catalog/names.js';

const MARKET_CSV = 'data/seed/market/autoscout24-de.csv';

/** Distinct make/model pairs of the market file with their row counts (no quoted fields in it). */
function marketPairs(): Map<string, { make: string; model: string; rows: number }> {
  const [header, ...lines] = fs.readFileSync(MARKET_CSV, 'utf8').trim().split('\n');
  const columns = header.split(',');
  const makeAt = columns.indexOf('make');
  const modelAt = columns.indexOf('model');
  const pairs = new Map<string, { make: string; model: string; rows: number }>();
  for (const line of lines) {
    const fields = line.split(',');
    const id = `${fields[makeAt]}|${fields[modelAt]}`;
    const pair = pairs.get(id) ?? { make: fields[makeAt], model: fields[modelAt], rows: 0 };
    pair.rows++;
    pairs.set(id, pair);
  }
  return pairs;
}

const name = (make: string, model: string, variant: string | null = null) => ({ make, model, variant });

describe('resolveMarketName', () => {
  it.each([
    // BMW engine codes, as the market file writes them
    ['BMW', '116', name('BMW', '1 Series', '116')],
    ['BMW', '118', name('BMW', '1 Series', '118')],
    ['BMW', '140', name('BMW', '1 Series', '140')],
    ['BMW', '218', name('BMW', '2 Series', '218')],
    ['BMW', '240', name('BMW', '2 Series', '240')],
    ['BMW', '320', name('BMW', '3 Series', '320')],
    ['BMW', '335', name('BMW', '3 Series', '335')],
    ['BMW', '420', name('BMW', '4 Series', '420')],
    ['BMW', '520', name('BMW', '5 Series', '520')],
    ['BMW', '640', name('BMW', '6 Series', '640')],
    ['BMW', '750', name('BMW', '7 Series', '750')],
    ['BMW', '840', name('BMW', '8 Series', '840')],
    ['BMW', 'M2', name('BMW', '2 Series', 'M2')],
    ['BMW', 'M5', name('BMW', '5 Series', 'M5')],
    ['BMW', 'M850', name('BMW', '8 Series', 'M850')],
    ['BMW', 'X3 M', name('BMW', 'X3', 'X3 M')],
    ['BMW', 'X1', name('BMW', 'X1')],
    ['BMW', 'Z4', name('BMW', 'Z4')],
    ['BMW', 'i3', name('BMW', 'i3')],
    // BMW as users and other sources write it
    ['BMW', '320d', name('BMW', '3 Series', '320d')],
    ['BMW', '118i xDrive', name('BMW', '1 Series', '118i xDrive')],
    ['BMW', 'M135i', name('BMW', '1 Series', 'M135i')],
    ['BMW', 'X5M', name('BMW', 'X5', 'X5M')],
    ['bmw', 'Série 3', name('BMW', '3 Series')],
    ['BMW', 'serie 1', name('BMW', '1 Series')],
    ['BMW', '3er', name('BMW', '3 Series')],
    ['BMW', '3 Series', name('BMW', '3 Series')],
    ['BMW', '2 Series Active Tourer', name('BMW', '2 Series', 'Active Tourer')],
    ['BMW', '2 Series Gran Tourer', name('BMW', '2 Series', 'Gran Tourer')],
    ['BMW', '8-Series Convertible', name('BMW', '8 Series', 'Convertible')],
    // Mercedes-Benz engine codes
    ['Mercedes-Benz', 'A 180', name('Mercedes-Benz', 'A-Class', 'A 180')],
    ['Mercedes-Benz', 'A 45 AMG', name('Mercedes-Benz', 'A-Class', 'A 45 AMG')],
    ['Mercedes-Benz', 'B 200', name('Mercedes-Benz', 'B-Class', 'B 200')],
    ['Mercedes-Benz', 'C 63 AMG', name('Mercedes-Benz', 'C-Class', 'C 63 AMG')],
    ['Mercedes-Benz', 'E 220', name('Mercedes-Benz', 'E-Class', 'E 220')],
    ['Mercedes-Benz', 'S 350', name('Mercedes-Benz', 'S-Class', 'S 350')],
    ['Mercedes-Benz', 'G 63 AMG', name('Mercedes-Benz', 'G-Class', 'G 63 AMG')],
    ['Mercedes-Benz', 'V 250', name('Mercedes-Benz', 'V-Class', 'V 250')],
    ['Mercedes-Benz', 'ML 350', name('Mercedes-Benz', 'M-Class', 'ML 350')],
    ['Mercedes-Benz', 'GL 350', name('Mercedes-Benz', 'GL-Class', 'GL 350')],
    ['Mercedes-Benz', 'GLK 220', name('Mercedes-Benz', 'GLK-Class', 'GLK 220')],
    ['Mercedes-Benz', 'CL 500', name('Mercedes-Benz', 'CL-Class', 'CL 500')],
    ['Mercedes-Benz', 'CLA 200', name('Mercedes-Benz', 'CLA', 'CLA 200')],
    ['Mercedes-Benz', 'CLS 63 AMG', name('Mercedes-Benz', 'CLS', 'CLS 63 AMG')],
    ['Mercedes-Benz', 'GLA 45 AMG', name('Mercedes-Benz', 'GLA', 'GLA 45 AMG')],
    ['Mercedes-Benz', 'GLC 300', name('Mercedes-Benz', 'GLC', 'GLC 300')],
    ['Mercedes-Benz', 'GLE 350', name('Mercedes-Benz', 'GLE', 'GLE 350')],
    ['Mercedes-Benz', 'GLS 400', name('Mercedes-Benz', 'GLS', 'GLS 400')],
    ['Mercedes-Benz', 'SLK 200', name('Mercedes-Benz', 'SLK', 'SLK 200')],
    ['Mercedes-Benz', 'SLC 300', name('Mercedes-Benz', 'SLC', 'SLC 300')],
    ['Mercedes-Benz', 'SL 500', name('Mercedes-Benz', 'SL', 'SL 500')],
    ['Mercedes-Benz', 'EQC 400', name('Mercedes-Benz', 'EQC', 'EQC 400')],
    ['Mercedes-Benz', 'G', name('Mercedes-Benz', 'G-Class')],
    ['Mercedes-Benz', 'CLC', name('Mercedes-Benz', 'CLC-Class')],
    ['Mercedes-Benz', 'Vito', name('Mercedes-Benz', 'Vito')],
    ['Mercedes-Benz', 'Sprinter', name('Mercedes-Benz', 'Sprinter')],
    ['Mercedes-Benz', 'Citan', name('Mercedes-Benz', 'Citan')],
    ['Mercedes-Benz', 'Marco Polo', name('Mercedes-Benz', 'Marco Polo')],
    ['Mercedes-Benz', 'AMG GT', name('Mercedes-Benz', 'AMG GT')],
    // Mercedes as users and other sources write it
    ['Mercedes', 'Classe E', name('Mercedes-Benz', 'E-Class')],
    ['mercedes', 'classe a', name('Mercedes-Benz', 'A-Class')],
    ['Mercedes-Benz', 'E-Class', name('Mercedes-Benz', 'E-Class')],
    ['Mercedes-Benz', 'E220d', name('Mercedes-Benz', 'E-Class', 'E220d')],
    ['Mercedes-Benz', 'E 220 CDI', name('Mercedes-Benz', 'E-Class', 'E 220 CDI')],
    ['Mercedes-Benz', 'E-Klasse', name('Mercedes-Benz', 'E-Class')],
    ['Mercedes-Benz', 'S-Class Maybach', name('Mercedes-Benz', 'S-Class', 'Maybach')],
    ['Mercedes-AMG', 'SL-Class AMG', name('Mercedes-Benz', 'SL', 'AMG')],
    ['MB', 'GLK-Class', name('Mercedes-Benz', 'GLK-Class')],
    // makes the market file splits or spells differently
    ['Alfa', 'Romeo Giulia', name('Alfa Romeo', 'Giulia')],
    ['Alfa Romeo', 'Giulia', name('Alfa Romeo', 'Giulia')],
    ['Aston', 'Martin DB11', name('Aston Martin', 'DB11')],
    ['Land', 'Rover Range Rover Evoque', name('Land Rover', 'Range Rover Evoque')],
    ['DS', 'Automobiles DS 3 Crossback', name('DS', 'DS 3 Crossback')],
    ['Corvette', 'C7', name('Chevrolet', 'Corvette', 'C7')],
    ['Citroen', 'C3', name('Citroën', 'C3')],
    ['Citroën', 'Nemo', name('Citroën', 'Nemo')],
    ['VW', 'Golf', name('Volkswagen', 'Golf')],
    ['Volkswagen', 'Golf Variant', name('Volkswagen', 'Golf Variant')],
    ['FISKER', 'Karma', name('Fisker', 'Karma')],
    // models whose market spelling is not the maker's
    ['Toyota', 'RAV 4', name('Toyota', 'RAV4')],
    ['Renault', 'Megane', name('Renault', 'Mégane')],
    ['Kia', "Ceed / cee'd", name('Kia', 'Ceed')],
    ['Kia', "ProCeed / pro_cee'd", name('Kia', 'ProCeed')],
    ['Ford', 'Ka/Ka+', name('Ford', 'Ka')],
    ['Skoda', 'Rapid/Spaceback', name('Skoda', 'Rapid')],
    ['Hyundai', 'iX35', name('Hyundai', 'ix35')],
    // other engine codes and trims
    ['Lexus', 'RX 450h', name('Lexus', 'RX', 'RX 450h')],
    ['Lexus', 'UX 300e', name('Lexus', 'UX', 'UX 300e')],
    ['Porsche', '991', name('Porsche', '911', '991')],
    ['MINI', 'Cooper SD Countryman', name('MINI', 'Countryman', 'Cooper SD')],
    ['MINI', 'One D', name('MINI', 'Hatch', 'One D')],
    ['MINI', 'Cooper Cabrio', name('MINI', 'Convertible', 'Cooper')],
    ['MINI', 'Convertible', name('MINI', 'Convertible')],
    // everything else keeps its name
    ['Renault', 'Clio', name('Renault', 'Clio')],
    ['Dacia', 'Sandero', name('Dacia', 'Sandero')],
    ['Peugeot', '208', name('Peugeot', '208')],
    ['Mazda', '3', name('Mazda', '3')],
    ['  Opel ', '  Corsa  ', name('Opel', 'Corsa')],
  ])('%s / %s', (make, model, expected) => {
    expect(resolveMarketName(make, model)).toEqual(expected);
  });

  it.each([
    ['BMW', ''],
    ['Volkswagen', '   '],
    ['Mercedes-Benz', '220'],
    ['Aston', 'Martin'],
    ['Others', ''],
    ['Trailer-Anhänger', 'Böckmann'],
    ['Trucks-Lkw', 'Ford'],
    ['', 'Golf'],
  ])('%j / %j is hopeless', (make, model) => {
    expect(resolveMarketName(make, model)).toBeNull();
  });

  it('gives the fixed vehicle ids', () => {
    const id = (make: string, model: string) => {
      const resolved = resolveMarketName(make, model)!;
      return slugify(resolved.make, resolved.model);
    };
    expect(id('Volkswagen', 'Golf')).toBe('volkswagen-golf');
    expect(id('BMW', '320')).toBe('bmw-3-series');
    expect(id('Mercedes-Benz', 'E 220')).toBe('mercedes-benz-e-class');
    expect(id('Renault', 'Clio')).toBe('renault-clio');
    expect(id('Citroen', 'Nemo')).toBe('citroen-nemo');
    expect(id('Renault', 'Megane')).toBe(id('Renault', 'Mégane'));
    expect(id('Mercedes', 'Classe E')).toBe(id('Mercedes-Benz', 'E 220'));
    expect(id('BMW', 'Série 3')).toBe(id('BMW', '318'));
  });

  it('leaves no BMW or Mercedes-Benz row of the market file as an engine code', () => {
    const codeLike = /^(?:\d{3}|[A-Z]{1,3}\s*\d{2,3}\b|M\d)/;
    const bmwModels = new Set(['1 Series', '2 Series', '3 Series', '4 Series', '5 Series', '6 Series', '7 Series', '8 Series', 'X1', 'X2', 'X3', 'X4', 'X5', 'X6', 'X7', 'Z4', 'i3', 'i8']);
    let codes = 0;
    let unresolved = 0;
    for (const { make, model, rows } of marketPairs().values()) {
      if (make !== 'BMW' && make !== 'Mercedes-Benz') continue;
      const resolved = resolveMarketName(make, model);
      if (!resolved) {
        // Only an empty model or a bare Mercedes code ("220": which series?) is hopeless.
        expect(model === '' || (make === 'Mercedes-Benz' && /^\d{3}$/.test(model)), `${make} ${model}`).toBe(true);
        unresolved += rows;
        continue;
      }
      expect(resolved.model, `${make} ${model}`).not.toMatch(codeLike);
      if (make === 'BMW') expect(bmwModels, model).toContain(resolved.model);
      if (resolved.variant !== null) codes++;
    }
    expect(codes).toBe(172);
    expect(unresolved).toBeLessThan(20);
  });

  it('resolves every car row of the market file to a make and model', () => {
    let rows = 0;
    let resolvedRows = 0;
    const vehicles = new Set<string>();
    for (const { make, model, rows: n } of marketPairs().values()) {
      rows += n;
      const resolved = resolveMarketName(make, model);
      if (!resolved) continue;
      resolvedRows += n;
      vehicles.add(slugify(resolved.make, resolved.model));
    }
    expect(rows).toBe(38_816);
    // Rows without a model or of non-car makes ("Others", trailers) are the only ones left out.
    expect(rows - resolvedRows).toBe(127);
    expect(vehicles.size).toBe(634);
  });
});
