import { describe, expect, it } from 'vitest';
import { parseClassId } from '../../src/bootstrap/class-ids.js';
import { makeKeys, modelKeys, nameKey, slugify } from '../../src/catalog/names.js';

describe('parseClassId', () => {
  it.each([
    ['AUDI_A6_2018Present', { make: 'Audi', model: 'A6', generation: null, yearFrom: 2018, yearTo: null, inProduction: true }],
    ['BMW_1_Series_LCI_F20_20152017', { make: 'BMW', model: '1 Series', generation: 'LCI F20', yearFrom: 2015, yearTo: 2017 }],
    ['MERCEDES_BENZ_EKlasse_W212_20132016', { make: 'Mercedes-Benz', model: 'E-Class', generation: 'W212', yearFrom: 2013, yearTo: 2016 }],
    ['2021_MercedesBenz_GLA', { make: 'Mercedes-Benz', model: 'GLA', yearFrom: 2021, yearTo: 2021, inProduction: false }],
    ['HYUNDAI_ix35__Tucson_20092013', { make: 'Hyundai', model: 'ix35 / Tucson', yearFrom: 2009, yearTo: 2013 }],
    ['BMW_3Series_Touring_2022Present', { make: 'BMW', model: '3 Series Touring', bodyStyle: 'Wagon' }],
    ['TOYOTA_Rav4_2018Present', { make: 'Toyota', model: 'RAV4' }],
    ['KIA_Optima_20162019', { make: 'Kia', model: 'Optima' }],
  ])('%s', (label, expected) => {
    expect(parseClassId(label)).toMatchObject({ label, ...expected });
  });
});

describe('names', () => {
  it('keys ignore case, accents, spaces and punctuation', () => {
    expect(nameKey('Série 3')).toBe(nameKey('serie3'));
    expect(nameKey('Mercedes-Benz')).toBe('mercedesbenz');
    expect(nameKey('Citroën')).toBe('citroen');
  });

  it('knows French and English model names', () => {
    expect(modelKeys('3 Series')).toContain(nameKey('Série 3'));
    expect(modelKeys('E-Class')).toContain(nameKey('Classe E'));
    expect(modelKeys('Classe E')).toContain(nameKey('E-Class'));
    expect(makeKeys('Mercedes-Benz')).toContain('mercedes');
  });

  it('slugs are stable ids', () => {
    expect(slugify('Audi', 'A6', null, '2018-present')).toBe('audi-a6-2018-present');
    expect(slugify('Citroën', 'Nemo')).toBe('citroen-nemo');
  });
});
