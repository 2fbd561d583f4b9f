import type { CorpusIntent, LabeledUtterance } from './corpus/types';
import { seededRandom } from './seeded-random';

/**
 * Training examples for utterances that carry statements of other intents along ("log alert 5120,
 * the user was JSMITH, came from terminal WS-22" is `alert`, not `username`). A bag-of-words
 * classifier otherwise weighs the carried statements against the request and, with two or three
 * of them, lets them win. For each training utterance of an intent with `carries`, one example
 * joins it with a training utterance of a carried intent, labelled with the carrying intent; every
 * other example puts the carried statement first, as analysts also write it. Only existing
 * training utterances are combined (masked, so the entity values play no part), and the choice is
 * seeded: the same corpus trains the same model.
 *
 * @example
 *   compoundExamples(intents, examples, 1)
 *   // → [{ intent: 'alert', utterance: 'note down alert @alertId , the user was @username' }, …]
 */
export function compoundExamples(
  intents: readonly CorpusIntent[],
  examples: readonly LabeledUtterance[],
  seed: number,
): LabeledUtterance[] {
  const random = seededRandom(seed);
  const byIntent = new Map<string, LabeledUtterance[]>();
  for (const example of examples)
    byIntent.set(example.intent, [...(byIntent.get(example.intent) ?? []), example]);
  const compounds: LabeledUtterance[] = [];
  for (const intent of intents) {
    const statements = (intent.carries ?? []).flatMap((carried) => byIntent.get(carried) ?? []);
    if (statements.length === 0) continue;
    (byIntent.get(intent.intent) ?? []).forEach((request, index) => {
      const statement = statements[Math.floor(random() * statements.length)] as LabeledUtterance;
      const [first, second] =
        index % 2 === 0 ? [request.utterance, statement.utterance] : [statement.utterance, request.utterance];
      compounds.push({ intent: intent.intent, utterance: `${first.replace(/[\s.!?]+$/, '')}, ${second}` });
    });
  }
  return compounds;
}
