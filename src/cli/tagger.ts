/** The models shipped beside the CLI bundle (media/models/ner.bin, media/models/reported.bin). */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createNerTagger, decodeReportedModel, hasReportedModel, installReportedModel, type Tagger } from '../core';

/** media/models/NAME next to the bundle's folder (out/cli.js -> media/), or above it (bundled tests). */
function modelFile(name: string): string | undefined {
  for (let dir = __dirname, i = 0; i < 4; i++, dir = path.dirname(dir)) {
    const file = path.join(dir, '..', 'media', 'models', name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** The tagger, or one that finds nothing (with a warning saying what that means). */
export function loadCliTagger(without: string): Tagger {
  const file = modelFile('ner.bin');
  if (file) return createNerTagger(readFileSync(file));
  process.stderr.write(`corroborate: media/models/ner.bin not found; ${without}\n`);
  return () => [];
}

let reportedTried = false;

/**
 * Installs the learned reported-speech tagger (once per process); without the asset, reported speech
 * comes from the reporting-verb rules alone, with a warning.
 */
export function installCliReportedModel(): void {
  if (reportedTried || hasReportedModel()) return;
  reportedTried = true;
  const file = modelFile('reported.bin');
  if (file) installReportedModel(decodeReportedModel(readFileSync(file)));
  else process.stderr.write('corroborate: media/models/reported.bin not found; reported speech comes from the reporting-verb rules alone\n');
}
