/** Writes the SDL of the type-graphql schema to schema/schema.graphql (committed; a test checks drift). */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/config.js';
import { createSchema, printSdl } from '../src/graphql/schema.js';

const target = path.join(projectRoot, 'schema', 'schema.graphql');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, printSdl(await createSchema()));
console.log(`wrote ${path.relative(projectRoot, target)}`);
