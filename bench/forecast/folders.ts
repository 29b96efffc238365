/**
 * The river folders of a forecast split on disk (DATA/<river>/network.json), read once for
 * bench:forecast and bench:rivers: a folder without a readable network.json is said and skipped,
 * so are stations it lists badly (layout.ts), and DATA that is itself one river's folder is named.
 * A split's root (DATA/data/<river>/) is taken for its data folder (splitDataDir).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseNetworkJson, type LayoutNetwork } from './layout';

/** Where a data set's oddities are said (stderr in the benches; tests collect them). */
export type Say = (line: string) => void;

export interface RiverFolder {
  /** Folder name under DATA. */
  folder: string;
  network: LayoutNetwork;
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function readNetwork(dataDir: string, folder: string, say: Say): LayoutNetwork | null {
  const path = join(dataDir, folder, 'network.json');
  if (!existsSync(path)) {
    say(`${folder}/ has no network.json: skipped`);
    return null;
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    say(`${folder}/network.json cannot be read (${(e as Error).message}): skipped`);
    return null;
  }
  const parsed = parseNetworkJson(text, folder);
  if (!parsed.ok) {
    say(`${folder}/: ${parsed.error}: skipped`);
    return null;
  }
  for (const note of parsed.notes) say(`${folder}/network.json: ${note}`);
  return parsed.value;
}

function holdsRivers(dir: string): boolean {
  return readdirSync(dir).some((f) => !f.startsWith('.') && existsSync(join(dir, f, 'network.json')));
}

/**
 * The folder holding the river folders: `dir`, or its `data/` when `dir` is the root of a split laid
 * out as shared/forecast (README.md, score.py and data/<river>/ side by side) and has none itself.
 */
export function splitDataDir(dir: string): string {
  const inner = join(dir, 'data');
  return !holdsRivers(dir) && isDir(inner) && holdsRivers(inner) ? inner : dir;
}

/** Every river folder of DATA with a readable network.json, by folder name. */
export function readRiverFolders(dataDir: string, say: Say): RiverFolder[] {
  const out: RiverFolder[] = [];
  for (const folder of readdirSync(dataDir).sort()) {
    if (folder.startsWith('.') || !isDir(join(dataDir, folder))) continue;
    const network = readNetwork(dataDir, folder, say);
    if (network) out.push({ folder, network });
  }
  if (out.length === 0 && existsSync(join(dataDir, 'network.json'))) say(`${dataDir} is one river's folder: give the folder above it (DATA/<river>/network.json)`);
  return out;
}
