/** The statistical tagger (and value rules) as the entity layer's Tagger. */
import { loadNerModel, nerLexicon, tagEntities } from '../ner';
import type { Tagger } from './extract';

/** Parses the model bytes once; the result tags any number of texts. */
export function createNerTagger(modelBytes: Uint8Array): Tagger {
  const model = loadNerModel(modelBytes);
  const tagger: Tagger = text => tagEntities(model, text);
  tagger.lexicon = nerLexicon(model);
  return tagger;
}
