import { describe, expect, it } from 'vitest';
import { ListingCleaner, type CarModelResolver } from '../../src/listings/clean-listings.js';
import { ListingsFileError, readListings, type RawListing } from '../../src/listings/read-listings.js';
import { detectSource, MARKET_SOURCE, STUDY_SOURCE } from '../../src/listings/sources.js';

const MARKET_HEADER = 'mileage,make,model,fuel,gear,offerType,price,hp,year';
const CATALOG = new Map([
  ['BMW|320', { vehicleModelId: 'bmw-3-series', variant: '320' }],
  ['Renault|Clio', { vehicleModelId: 'renault-clio', variant: null }],
]);
const known: CarModelResolver = (make, model) => CATALOG.get(`${make}|${model}`) ?? null;

async function clean(csv: string, resolver: CarModelResolver = known) {
  const { source, rows } = await readListings(csv);
  const cleaner = new ListingCleaner(source, resolver, new Date('2026-12-01'));
  const kept = [];
  for await (const row of rows) {
    const listing = cleaner.clean(row);
    if (listing) kept.push(listing);
  }
  const report = cleaner.report();
  const dropped = Object.fromEntries(report.dropped.filter((d) => d.count > 0).map((d) => [d.reason, d.lines]));
  return { source, kept, report, dropped };
}

describe('listing formats', () => {
  it('recognises the market and the study formats from the header, and rejects others naming the missing columns', async () => {
    expect(detectSource(MARKET_HEADER.split(','))).toBe(MARKET_SOURCE);
    expect(detectSource('Marque,Modele,Annee_modele,Km,Carburant,Boite_vitesse,Puissance,Prix_occasion'.split(','))).toBe(STUDY_SOURCE);
    await expect(readListings('make,model,price\nBMW,320,1000\n')).rejects.toThrow(/unknown format.*autoscout24-de misses year, mileage/);
    await expect(readListings('')).rejects.toBeInstanceOf(ListingsFileError);
  });

  it('reads semicolon files with decimal commas and a byte-order mark (French spreadsheet exports)', async () => {
    const { kept } = await clean(
      '\uFEFFMarque;Modele;Annee_modele;Km;Carburant;Boite_vitesse;Puissance;Prix_neuf;Prix_occasion\n' +
        'Renault;Clio;2018;45000;Électrique;Automatique;90;25000,5;12500,50\n',
    );
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ fuel: 'ELECTRIC', transmission: 'AUTOMATIC', priceEur: 12500.5, newPriceEur: 25000.5, vehicleModelId: 'renault-clio' });
  });

  it('rejects a file that is not CSV at all (an unclosed quote) with a coded error', async () => {
    const { rows } = await readListings(`${MARKET_HEADER}\n"1000,BMW,320\n`);
    const read = async () => {
      for await (const row of rows) void row;
    };
    await expect(read()).rejects.toBeInstanceOf(ListingsFileError);
  });
});

describe('cleaning rules', () => {
  it('keeps good rows, maps names to car models with their engine code, and drops every bad row for its first broken rule', async () => {
    const { kept, report, dropped } = await clean(
      [
        MARKET_HEADER,
        '120000,BMW,320,Diesel,Automatic,Used,14990,190,2015', // 2 kept
        '30000,Renault,Clio,Gasoline,Semi-automatic,Used,11990,90,2019', // 3 kept, semi-automatic priced as automatic
        '120000,BMW,320,Diesel,Automatic,Used,14990,190,2015', // 4 duplicate of line 2
        '50000,BMW,,Diesel,Manual,Used,9000,150,2014', // 5 no model
        '50000,BMW,320,Diesel,Manual,Used,9000,,2014', // 6 no power
        '50000,BMW,320,Diesel,,Used,9000,150,2014', // 7 no gearbox
        '50000,BMW,320,Others,Manual,Used,9000,150,2014', // 8 fuel the service does not price
        '50000,BMW,320,Diesel,Manual,Used,9000,150,2035', // 9 year after the market year + 1
        '1111111,BMW,320,Diesel,Manual,Used,9000,150,2014', // 10 placeholder mileage
        '50000,BMW,320,Diesel,Manual,Used,9000,1,2014', // 11 1 hp
        '431,Ferrari,F12,Gasoline,Automatic,Used,1199900,775,2017', // 12 price beyond 1 M EUR
        '50000,Trabant,601,Gasoline,Manual,Used,3000,26,2012', // 13 not in the catalog
        '50000,BMW,320,Diesel,Manual,Used,9000,150', // 14 a field short
      ].join('\n'),
    );
    expect(kept.map((k) => k.line)).toEqual([2, 3]);
    expect(kept[0]).toMatchObject({ vehicleModelId: 'bmw-3-series', variant: '320', fuel: 'DIESEL', transmission: 'AUTOMATIC', powerHp: 190 });
    expect(kept[1]).toMatchObject({ transmission: 'AUTOMATIC', variant: null });
    expect(dropped).toEqual({
      duplicate: [4],
      'missing-make-or-model': [5],
      'missing-power': [6],
      'missing-gearbox': [7],
      'unsupported-fuel': [8],
      'year-out-of-range': [9],
      'mileage-out-of-range': [10],
      'power-out-of-range': [11],
      'price-out-of-range': [12],
      'unknown-car-model': [13],
      'malformed-row': [14],
    });
    expect(report).toMatchObject({ source: 'autoscout24-de', read: 13, kept: 2 });
    // Every rule is reported, with 0 where no row broke it.
    expect(report.dropped.reduce((sum, d) => sum + d.count, 0)).toBe(11);
  });

  it('hashes a listing by its values: the same row in another file (another line) has the same hash', async () => {
    const a = await clean(`${MARKET_HEADER}\n120000,BMW,320,Diesel,Automatic,Used,14990,190,2015\n`);
    const b = await clean(`${MARKET_HEADER}\n30000,Renault,Clio,Gasoline,Manual,Used,11990,90,2019\n120000,BMW,320,Diesel,Automatic,Used,14990,190,2015\n`);
    expect(b.kept[1].rowHash).toBe(a.kept[0].rowHash);
    expect(b.kept[0].rowHash).not.toBe(a.kept[0].rowHash);
  });

  it('bounds what a field can hold, so a huge cell cannot reach the database', async () => {
    const { rows } = await readListings(`${MARKET_HEADER}\n120000,BMW,${'3'.repeat(5000)},Diesel,Automatic,Used,14990,190,2015\n`);
    const all: RawListing[] = [];
    for await (const row of rows) all.push(row);
    expect(all[0].model.length).toBeLessThanOrEqual(1000);
  });
});
