import { Container } from '@nlpjs/core';
import { ExtractorEnum, type EnumRule, type EnumRuleOption } from '@nlpjs/ner';

/**
 * NLP.js's enum extractor with its synonym dictionaries built on prototype-free objects.
 *
 * NLP.js looks every word span of the message up in a plain object (`dict[span]`), so "constructor"
 * finds `Object` and crashes the turn, and "__proto__" finds `Object.prototype`. With no prototype
 * a lookup answers only the synonyms of the corpus. Matching is otherwise NLP.js's own
 * (normalisation, word positions, exact spans).
 */
class PrototypeFreeEnumExtractor extends ExtractorEnum {
  override buildRuleDict(rule: EnumRule): void {
    const dict: Record<string, EnumRuleOption[]> = Object.create(null) as Record<string, EnumRuleOption[]>;
    const inverse: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const option of rule.rules) {
      for (const text of option.texts) {
        const key = this.normalize(text);
        (dict[key] ??= []).push(option);
        inverse[key] = text;
      }
    }
    rule.dict = dict;
    rule.inverseDict = inverse;
  }
}

/**
 * A container of its own for one `Ner`, whose `extract-enum` step is the prototype-free one (the
 * regex, trim and builtin steps are NLP.js's, registered by `Ner` on first use).
 *
 * @example
 *   const ner = new Ner({ threshold: 1 }, prototypeFreeNerContainer());
 */
export function prototypeFreeNerContainer(): Container {
  const container = new Container();
  container.use(new PrototypeFreeEnumExtractor(container));
  return container;
}
