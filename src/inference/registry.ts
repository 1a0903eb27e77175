/**
 * Finds models on disk: `models/<id>/manifest.json`, its labels and its
 * weights. A model whose manifest or weights file is missing is "absent"
 * (a normal state: e.g. efficientnet-b7 ships its manifest before its
 * weights); a manifest that exists but is wrong is an error.
 */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseModelCard, type ModelCard } from './card.js';
import { checkManifestLabels, ManifestError, parseLabels, validateManifest, type ModelManifest } from './manifest.js';
import { parseNoveltyModel, type NoveltyModel } from './novelty.js';

export interface ModelEntry {
  id: string;
  dir: string;
  manifestPath: string;
  modelPath: string;
  manifest: ModelManifest;
  labels: string[];
  /** Unknown-model statistics (manifest `novelty`), null when the model ships none. */
  novelty: NoveltyModel | null;
  /** Per-class training counts and validation accuracy (manifest `card`), null when absent. */
  card: ModelCard | null;
}

export type ModelProbe =
  | { id: string; state: 'present'; entry: ModelEntry }
  | { id: string; state: 'absent'; reason: string; manifest?: ModelManifest };

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const exists = async (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

async function readJson(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ManifestError(path, '(root)', `is not valid JSON: ${(err as Error).message}`);
  }
}

/** Reads and validates one manifest file (throws ManifestError). */
export async function readManifest(manifestPath: string, expectedId?: string): Promise<ModelManifest> {
  return validateManifest(await readJson(manifestPath), manifestPath, expectedId);
}

/**
 * Looks at `modelsDir/<id>`: 'absent' when the manifest or weights are not
 * there; throws ManifestError when a manifest or labels file is invalid.
 */
export async function probeModel(modelsDir: string, id: string): Promise<ModelProbe> {
  if (!ID_PATTERN.test(id)) throw new Error(`invalid model id ${JSON.stringify(id)}`);
  const dir = join(modelsDir, id);
  const manifestPath = join(dir, 'manifest.json');
  if (!(await exists(manifestPath))) return { id, state: 'absent', reason: `${manifestPath} not found` };
  const manifest = await readManifest(manifestPath, id);
  const modelPath = join(dir, manifest.file);
  if (!(await exists(modelPath))) return { id, state: 'absent', reason: `${modelPath} not found`, manifest };
  const labelsPath = join(dir, manifest.labels);
  if (!(await exists(labelsPath))) throw new ManifestError(manifestPath, 'labels', `names ${manifest.labels}, which is not in ${dir}`);
  const labels = parseLabels(await readJson(labelsPath), labelsPath);
  checkManifestLabels(manifest, labels, manifestPath);
  const novelty = manifest.novelty ? await readSidecar(dir, manifestPath, 'novelty', manifest.novelty, (raw) => parseNoveltyModel(raw, labels.length)) : null;
  const card = manifest.card ? await readSidecar(dir, manifestPath, 'card', manifest.card, (raw) => parseModelCard(raw, labels)) : null;
  return { id, state: 'present', entry: { id, dir, manifestPath, modelPath, manifest, labels, novelty, card } };
}

/** A file the manifest names next to the model; any problem is a ManifestError naming the key. */
async function readSidecar<T>(dir: string, manifestPath: string, key: string, file: string, parse: (raw: unknown) => T): Promise<T> {
  const path = join(dir, file);
  if (!(await exists(path))) throw new ManifestError(manifestPath, key, `names ${file}, which is not in ${dir}`);
  try {
    return parse(await readJson(path));
  } catch (err) {
    if (err instanceof ManifestError) throw err;
    throw new ManifestError(manifestPath, key, `names ${file}, which is invalid: ${(err as Error).message}`);
  }
}

/** Like probeModel, but a missing model is an error. */
export async function loadModel(modelsDir: string, id: string): Promise<ModelEntry> {
  const probe = await probeModel(modelsDir, id);
  if (probe.state === 'absent') throw new Error(`model "${id}" is not available: ${probe.reason}`);
  return probe.entry;
}

/** The first present model of a priority list, plus the probes (for status). */
export async function firstPresent(
  modelsDir: string,
  ids: readonly string[],
): Promise<{ chosen: ModelEntry | null; probes: ModelProbe[] }> {
  const probes: ModelProbe[] = [];
  let chosen: ModelEntry | null = null;
  for (const id of ids) {
    const probe = await probeModel(modelsDir, id);
    probes.push(probe);
    if (!chosen && probe.state === 'present') chosen = probe.entry;
  }
  return { chosen, probes };
}
