import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { ListingsFileError, parseListingsCsv, toPriceSample } from '../../src/listings/parse-listings.js';

const HEADER =
  'Marque,Modele,Annee_modele,Km,Date_premiere_mise_en_circulation,Carburant,Boite_vitesse,Puissance,Critere_air,Couleur,Type_vehicule,Pays,Prix_neuf,Prix_occasion';
const GOOD = 'Audi,A6,2021,62310,2023-05-29,Hybride,Manuelle,150,Euro 1,Noir,Berline,USA,72000,65025.0';
const NOW = new Date('2026-06-01T00:00:00Z');

function parseError(text: string): ListingsFileError {
  try {
    parseListingsCsv(text, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(ListingsFileError);
    return error as ListingsFileError;
  }
  throw new Error('expected a ListingsFileError');
}

describe('parseListingsCsv', () => {
  it('parses every row of a shipped listings file, all columns kept', () => {
    const text = fs.readFileSync('data/seed/prices/A6.csv', 'utf8');
    const rows = parseListingsCsv(text, NOW);
    expect(rows).toHaveLength(text.trim().split('\n').length - 1);
    expect(rows[0]).toEqual({
      line: 2,
      make: 'Audi',
      model: 'A6',
      modelYear: 2021,
      mileageKm: 62310,
      firstRegistration: '2023-05-29',
      fuel: 'HYBRID',
      transmission: 'MANUAL',
      powerHp: 150,
      emissionStandard: 'Euro 1',
      colour: 'Noir',
      bodyType: 'Berline',
      country: 'USA',
      newPriceEur: 72000,
      priceEur: 65025,
    });
    expect(toPriceSample(rows[0], 'audi-a6')).toEqual({
      carModel: 'audi-a6',
      year: 2021,
      mileageKm: 62310,
      fuel: 'HYBRID',
      transmission: 'MANUAL',
      powerHp: 150,
      newPrice: 72000,
      price: 65025,
    });
  });

  it('maps every French category and reads an empty new price as null', () => {
    const rows = [
      ['Essence', 'Automatique'],
      ['Diesel', 'Manuelle'],
      ['Hybride', 'Manuelle'],
      ['Électrique', 'Automatique'],
      ['Gaz', 'Manuelle'],
    ].map(([fuel, box]) => `Audi,A6,2020,1000,2020-01-01,${fuel},${box},110,x,x,x,x,,30000`);
    const parsed = parseListingsCsv([HEADER, ...rows].join('\r\n'), NOW);
    expect(parsed.map((r) => [r.fuel, r.transmission])).toEqual([
      ['PETROL', 'AUTOMATIC'],
      ['DIESEL', 'MANUAL'],
      ['HYBRID', 'MANUAL'],
      ['ELECTRIC', 'AUTOMATIC'],
      ['LPG', 'MANUAL'],
    ]);
    expect(parsed.every((r) => r.newPriceEur === null)).toBe(true);
  });

  it('accepts quoted fields, blank lines and semicolon files with decimal commas', () => {
    const quoted = `${HEADER}\n\n"Audi","A6, S line",2021,62310,2023-05-29,Hybride,Manuelle,150,"Euro 1",Noir,Berline,USA,72000,"65025.0"\n`;
    expect(parseListingsCsv(quoted, NOW)[0].model).toBe('A6, S line');
    const semicolon = `${HEADER.replaceAll(',', ';')}\n${GOOD.replaceAll(',', ';').replace('65025.0', '65025,5')}`;
    expect(parseListingsCsv(semicolon, NOW)[0].priceEur).toBe(65025.5);
  });

  it('reports every bad row at once, by line number, as BAD_USER_INPUT', () => {
    const lines = [
      HEADER,
      GOOD, // line 2
      GOOD.replace('62310', '-5'), // line 3: negative mileage
      GOOD, // line 4
      GOOD.replace('Hybride', 'Vapeur').replace('65025.0', 'cheap'), // line 5: two problems
      'Audi,A6,2021', // line 6: too few fields
      GOOD.replace(',2021,', ',2031,'), // line 7: model year in the future
      GOOD.replace('Hybride', 'constructor'), // line 8: not an Object.prototype key
    ];
    const error = parseError(lines.join('\n'));
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect([...new Set(error.rows.map((r) => r.line))]).toEqual([3, 5, 6, 7, 8]);
    expect(error.rows.filter((r) => r.line === 5).map((r) => r.column)).toEqual(['Carburant', 'Prix_occasion']);
    expect(error.rows.find((r) => r.line === 3)?.column).toBe('Km');
    expect(error.rows.find((r) => r.line === 7)?.column).toBe('Annee_modele');
    expect(error.details.rows).toEqual(error.rows);
    for (const line of [3, 5, 6, 7, 8]) expect(error.message).toContain(`line ${line}`);
  });

  it('rejects a file without the required columns or without a header', () => {
    const error = parseError('Marque,Modele,Km\nAudi,A6,1000');
    expect(error.rows).toEqual([{ line: 1, column: null, message: expect.stringMatching(/Annee_modele.*Prix_occasion/) }]);
    expect(parseError('').rows[0].line).toBe(1);
  });

  it('returns no rows for a header-only file', () => {
    expect(parseListingsCsv(`${HEADER}\n`, NOW)).toEqual([]);
  });
});
