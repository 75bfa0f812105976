/** The reported-speech model for Node tools that run the core in process (benchmarks, training). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeReportedModel, installReportedModel } from '../core/quotes';

/**
 * Installs media/models/reported.bin of the repository at `root` in this thread. Throws when the
 * asset is missing or broken: a benchmark or a training run must not measure the rules alone by accident.
 */
export function installRepoReportedModel(root: string): void {
  installReportedModel(decodeReportedModel(readFileSync(join(root, 'media', 'models', 'reported.bin'))));
}
