/** The reported-speech model in the thread that analyses (the worker, or the extension host as a fallback). */
import { decodeReportedModel, hasReportedModel, installReportedModel } from '../core/quotes';

/**
 * Decodes the bytes of media/models/reported.bin and installs the tagger in this thread, once.
 * Returns an error message when the bytes are not a model (reported speech then comes from the rules).
 */
export function installReportedBytes(bytes: Uint8Array): string | undefined {
  if (hasReportedModel()) return undefined;
  try {
    installReportedModel(decodeReportedModel(bytes));
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
