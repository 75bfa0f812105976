/** The statistical tagger (and value rules) as the entity layer's Tagger. */
import { loadNerModel, nerLexicon, tagEntities, type NerModel, type SentenceLabelMemo } from '../ner';
import type { Tagger } from './extract';

/** Parses the model bytes once; the result tags any number of texts. */
export function createNerTagger(modelBytes: Uint8Array): Tagger {
  return nerTaggerOf(loadNerModel(modelBytes));
}

/** The tagger of a model already loaded. */
export function nerTaggerOf(model: NerModel): Tagger {
  const tagger: Tagger = text => tagEntities(model, text);
  tagger.lexicon = nerLexicon(model);
  tagger.withMemo = (memo: SentenceLabelMemo) => {
    const memoised: Tagger = text => tagEntities(model, text, { memo });
    memoised.lexicon = tagger.lexicon;
    return memoised;
  };
  return tagger;
}
