/**
 * `npm run build:specs [-- path/to/autoevolution-2020.zip]`: reads the
 * autoevolution.com scrape (50 MB of JSON inside the zip, default
 * ../shared/data/specs/autoevolution-2020.zip), keeps the generations of the
 * catalog's vehicles and writes data/seed/specs/autoevolution-catalog.json,
 * which the first-start seed reads. Prints the match rate.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { projectRoot } from '../src/config.js';
import { buildGenerations, type AutoevolutionRecord } from '../src/bootstrap/autoevolution.js';
import { AUTOEVOLUTION_FILE, catalogNames, type SpecsCatalog } from '../src/bootstrap/catalog.js';

const SOURCE = 'autoevolution.com, 2020-01-27';
const zipFile = process.argv[2] ?? path.join(projectRoot, '..', 'shared', 'data', 'specs', 'autoevolution-2020.zip');
const seedDir = path.join(projectRoot, 'data', 'seed');

/** One stored or deflated entry of a zip file, found through the central directory. */
function readZipEntry(file: string, name: string): Buffer {
  const zip = fs.readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error(`${file}: not a zip file`);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      if (method === 0) return data;
      if (method === 8) return zlib.inflateRawSync(data);
      throw new Error(`${file}: ${name} uses compression method ${method}`);
    }
    at += 46 + skip;
  }
  throw new Error(`${file}: no ${name} inside`);
}

const records = (JSON.parse(readZipEntry(zipFile, 'automobile.json').toString('utf8')) as { RECORDS: AutoevolutionRecord[] }).RECORDS;
const names = catalogNames(seedDir);
const generations = buildGenerations(records, names.byName);
const catalog: SpecsCatalog = { source: SOURCE, generations };

// One vehicle per line: small diffs when the matching changes.
const lines = Object.keys(generations)
  .sort()
  .map((id) => `${JSON.stringify(id)}:${JSON.stringify(generations[id])}`);
const target = path.join(seedDir, AUTOEVOLUTION_FILE);
fs.writeFileSync(target, `{"source":${JSON.stringify(catalog.source)},"generations":{\n${lines.join(',\n')}\n}}\n`);

const matched = (ids: string[]) => ids.filter((id) => generations[id]?.length).length;
const vehicleIds = [...names.vehicles.keys()];
const marketIds = [...names.vehicles.values()].filter((v) => v.marketRows > 0).map((v) => v.id);
const marketRows = [...names.vehicles.values()].reduce((sum, v) => sum + v.marketRows, 0);
const matchedRows = [...names.vehicles.values()].filter((v) => generations[v.id]?.length).reduce((sum, v) => sum + v.marketRows, 0);
const photoIds = names.labels.filter((l) => l.origin === 'photo-classes').map((l) => l.vehicleModelId);
const seedIds = [...new Set(names.labels.filter((l) => l.origin === 'seed-classes').map((l) => l.vehicleModelId))];
const allGenerations = Object.values(generations).flat();
console.log(`read ${records.length} engine options from ${path.basename(zipFile)}`);
console.log(`vehicles with >= 1 generation: ${matched(vehicleIds)}/${vehicleIds.length} (market: ${matched(marketIds)}/${marketIds.length}, ${((100 * matchedRows) / marketRows).toFixed(1)}% of market rows)`);
console.log(`photo classes: ${matched(photoIds)}/${photoIds.length}, seed-class vehicles: ${matched(seedIds)}/${seedIds.length}`);
console.log(`generations: ${allGenerations.length}, engine options: ${allGenerations.reduce((n, g) => n + g.engines.length, 0)}`);
const missingPhoto = photoIds.filter((id) => !generations[id]?.length);
if (missingPhoto.length > 0) console.log(`photo classes without generations: ${missingPhoto.join(', ')}`);
console.log(`wrote ${path.relative(projectRoot, target)} (${(fs.statSync(target).size / 1e6).toFixed(2)} MB)`);
