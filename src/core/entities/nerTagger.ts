/** The statistical tagger (and value rules) as the entity layer's Tagger. */
import { loadNerModel, nerLexicon, tagEntities, type NerModel } from '../ner';
import type { Tagger } from './extract';

/** Parses the model bytes once; the result tags any number of texts. */
export function createNerTagger(modelBytes: Uint8Array): Tagger {
  return nerTaggerOf(loadNerModel(modelBytes));
}

/** The tagger of a model already loaded. */
export function nerTaggerOf(model: NerModel): Tagger {
  const tagger: Tagger = text => tagEntities(model, text);
  tagger.lexicon = nerLexicon(model);
  return tagger;
}
