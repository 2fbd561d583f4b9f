import { Ner } from '@nlpjs/ner';
import { MAX_EXTRACTION_CHARS } from './extraction-bound';
import { SocbotError } from '../../errors';
import type { EntityDefinition } from '../corpus/types';
import { parseRegexRule } from '../corpus/regex-rule';
import { ENTITY_TYPES, isEntityType, type Entity, type EntityType } from '../types';
import { contextCandidates, interpretMatch, type EntityCandidate } from './entity-candidates';
import { vocabularyFromDefinitions, type EntityVocabulary } from './entity-vocabulary';
import { limitIndicators, type LimitedIndicators } from './indicator-limit';
import { indicatorCandidates } from './indicators';
import { parseEntityAs } from './parse-entity-as';
import { prototypeFreeNerContainer } from './prototype-free-enum-extractor';
import { selectSpans } from './select-spans';
import { withSocbotRefs } from './socbot-refs';
import { textChunks } from './text-chunks';

export { MAX_EXTRACTION_CHARS };

const LOCALE = 'en';
/** NLP.js matches synonyms in quadratic time over words: it sees the text in pieces this long. */
const NER_CHUNK_CHARS = 160;
const OPTIONS_SUFFIX = '#options';

/**
 * Finds socbot's typed entities in a message. NLP.js `Ner` matches the regexes and synonyms from
 * the corpus entity definitions (corpus/entities.json) as candidates; a typed resolver then
 * decides each candidate by its shape and context words; indicators (IPs, domains, URLs, hashes,
 * defanged or not) are found in code; the longest non-overlapping spans are kept. Offsets index
 * into the original text (end exclusive).
 *
 * @example
 *   const extractor = EntityExtractor.fromDefinitions(loadCorpus('corpus').entities);
 *   await extractor.extract('ETD alert 4711 on PRD/100, user DDIC from PC-0815');
 *   // → alertId 4711, system PRD (client 100), username DDIC, terminal PC-0815
 */
export class EntityExtractor {
  private constructor(
    private readonly ner: Ner,
    private readonly vocabulary: EntityVocabulary,
  ) {}

  /**
   * Builds an extractor from corpus entity definitions. Throws CORPUS_INVALID for an entity name
   * socbot does not know or a regex that cannot be used (the corpus validator reports the same).
   *
   * @example
   *   EntityExtractor.fromDefinitions({ priority: { options: { P1: ['critical'] } } });
   */
  static fromDefinitions(definitions: Readonly<Record<string, EntityDefinition>>): EntityExtractor {
    // Exact matching only: NLP.js fuzzy matching would read "prio 6" as "prio 1". Its own enum
    // step looks user words up on plain objects ("constructor" crashed it): ours has no prototype.
    const ner = new Ner({ threshold: 1 }, prototypeFreeNerContainer());
    for (const [name, definition] of Object.entries(definitions)) {
      if (!isEntityType(name)) {
        throw new SocbotError(
          'CORPUS_INVALID',
          `Entity "${name}" is not an entity type socbot knows (${ENTITY_TYPES.join(', ')}). Rename or remove it in the corpus entity definitions.`,
          { entity: name },
        );
      }
      for (const rule of definition.regex ?? []) {
        const parsed = parseRegexRule(rule);
        if (!parsed.ok) {
          throw new SocbotError(
            'CORPUS_INVALID',
            `Entity "${name}": regex ${rule} ${parsed.reason}. Fix it in the corpus entity definitions.`,
            { entity: name, regex: rule },
          );
        }
        ner.addRegexRule(LOCALE, name, parsed.regex);
      }
      for (const [option, synonyms] of Object.entries(definition.options ?? {})) {
        // NLP.js keeps one rule type per entity name: options under the regex rule's name would
        // be silently ignored, so they get a name of their own.
        ner.addRuleOptionTexts(LOCALE, `${name}${OPTIONS_SUFFIX}`, option, [option, ...synonyms]);
      }
    }
    // ioc-extractor builds its TLD tables on first use (~100 ms): at start, not in an analyst's first turn.
    indicatorCandidates('warm-up evil[.]example[.]com hxxps://evil[.]example/x 192.0.2[.]1');
    return new EntityExtractor(ner, vocabularyFromDefinitions(definitions));
  }

  /**
   * Every entity in `text` (first 2,000 characters), in text order.
   *
   * @example
   *   await extractor.extract('the user is DDIC') // → [{ entity: 'username', value: 'DDIC', start: 12, end: 16, … }]
   */
  async extract(text: string): Promise<Entity[]> {
    return (await this.extractCounted(text)).entities;
  }

  /**
   * Every entity in `text` as `extract` finds it, with at most MAX_INDICATORS indicators (ip,
   * domain, url, hash; the first ones in the text), and how many more indicators were dropped.
   *
   * @example
   *   await extractor.extractCounted(elevenIps) // → { entities: [10 ip entities], dropped: 1 }
   */
  async extractCounted(text: string): Promise<LimitedIndicators> {
    const bounded = text.slice(0, MAX_EXTRACTION_CHARS);
    if (bounded.trim() === '') return { entities: [], dropped: 0 };
    const candidates: EntityCandidate[] = [];
    for (const chunk of textChunks(bounded, NER_CHUNK_CHARS)) {
      const { entities: matches } = await this.ner.process({ locale: LOCALE, text: chunk.text });
      for (const match of matches) {
        const rule = match.entity.replace(OPTIONS_SUFFIX, '');
        // NLP.js reports `end` inclusive and relative to the chunk.
        const span = { start: chunk.offset + match.start, end: chunk.offset + match.end + 1 };
        candidates.push(...interpretMatch({ rule, ...span, option: match.option }, bounded, this.vocabulary));
      }
    }
    candidates.push(...contextCandidates(bounded, this.vocabulary));
    // Indicators after socbot's references: a URL that holds a reference is still one URL.
    const withIndicators = [...withSocbotRefs(bounded, candidates), ...indicatorCandidates(bounded)];
    return limitIndicators(selectSpans(withIndicators));
  }

  /**
   * Parses a bare answer to "Which terminal?" & co. as that type first, with this corpus's
   * vocabulary (landscape SIDs, priority synonyms). See `parseEntityAs`.
   *
   * @example
   *   extractor.parseAs('terminal', 'it was fin-ws-119') // → { entity: 'terminal', value: 'fin-ws-119', … }
   */
  parseAs(type: EntityType, text: string): Entity | undefined {
    return parseEntityAs(type, text, this.vocabulary);
  }
}
