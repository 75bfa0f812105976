/** The entity tagger with the model shipped beside the CLI bundle (media/models/ner.bin). */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createNerTagger, type Tagger } from '../core';

/** The tagger, or one that finds nothing (with a warning saying what that means). */
export function loadCliTagger(without: string): Tagger {
  for (let dir = __dirname, i = 0; i < 4; i++, dir = path.dirname(dir)) {
    const file = path.join(dir, '..', 'media', 'models', 'ner.bin');
    if (existsSync(file)) return createNerTagger(readFileSync(file));
  }
  process.stderr.write(`corroborate: media/models/ner.bin not found; ${without}\n`);
  return () => [];
}
