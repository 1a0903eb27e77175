/**
 * Every shell block of README.md and examples/*.md that talks to a running
 * service is run as written, against a real service started here: blocks that
 * name localhost:4000 get the test port in its place (nothing else changes),
 * and blocks that run an example program get CARVALUE_URL, which
 * examples/README.md documents. A block passes when it exits 0, prints
 * something, and every error code in its output is one its own text expects
 * (e.g. the APQ walk-through's PERSISTED_QUERY_NOT_FOUND).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { startTestService, type TestService } from '../helpers/service.js';

const run = promisify(execFile);
const hasCurl = ['/usr/bin/curl', '/bin/curl', '/usr/local/bin/curl'].some((file) => fs.existsSync(file));

/** Fenced sh/bash/shell blocks of a Markdown file. */
export function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm)].map((match) => match[1]);
}

const files = ['README.md', ...fs.readdirSync(path.join(projectRoot, 'examples')).filter((file) => file.endsWith('.md')).map((file) => `examples/${file}`)];
const blocks = files.flatMap((file) =>
  shellBlocks(fs.readFileSync(path.join(projectRoot, file), 'utf8'))
    .map((text, index) => ({ name: `${file} block ${index + 1}`, text }))
    // Blocks that need a running service; install, build, test and GPU blocks are not run here.
    .filter(({ text }) => text.includes('localhost:4000') || /^(node )?examples\//m.test(text)),
);

let service: TestService;
beforeAll(async () => {
  service = await startTestService({ INFERENCE_ENABLED: 'true' });
});
afterAll(() => service.stopAndClean());

describe.skipIf(!hasCurl)('README and examples commands, as written', () => {
  it('finds the blocks: the README\'s first curl commands among them', () => {
    expect(blocks.map((block) => block.name)).toEqual(expect.arrayContaining(['README.md block 2']));
    expect(blocks.find((block) => block.name === 'README.md block 2')!.text).toMatch(/estimatePrice[\s\S]*identifyVehicle/);
  });

  it.each(blocks.map((block) => [block.name, block.text] as const))('%s', async (_name, text) => {
    const host = new URL(service.baseUrl).host;
    const script = text.replaceAll('localhost:4000', host);
    const { stdout } = await run('bash', ['-e', '-o', 'pipefail', '-c', script], {
      cwd: projectRoot,
      env: { ...process.env, CARVALUE_URL: `${service.baseUrl}/graphql` },
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stdout.trim().length).toBeGreaterThan(0);
    const codes = [...stdout.matchAll(/"code":"([A-Z_]+)"/g)].map((match) => match[1]);
    for (const code of codes) expect(text, `unexpected ${code} in:\n${stdout.slice(0, 1000)}`).toContain(code);
    expect(stdout).not.toContain('"data":null');
    expect(stdout).not.toMatch(/<html|Syntax Error/i);
  });
});
