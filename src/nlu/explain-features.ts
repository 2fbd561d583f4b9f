import type { FeatureContribution } from './explanation';
import type { FeaturePull } from './intent-classifier';

/**
 * How entity placeholders (`@url`, see mask-entities.ts) read in an explanation, by the lower-case
 * type: NLP.js's normalizer lower-cases `@alertId` before it becomes a feature.
 */
const PLACEHOLDER_LABELS: Readonly<Record<string, string>> = {
  alertid: 'an alert ID',
  terminal: 'a terminal',
  username: 'a user name',
  system: 'a system',
  ip: 'an IP address',
  priority: 'a priority',
  domain: 'a domain',
  url: 'an URL',
  hash: 'a hash',
};

/**
 * A model feature as people read it (text-features.ts makes them): a stem `w:phish` → `phish`, two
 * stems `b:lost laptop` → `lost laptop`, `b:<s> regist` → `regist (at the start)`, characters
 * `c:<phi` → `"phi…"` (`<` and `>` mark the word's edges, `…` says the word goes on; a whole word
 * `c:<me>` → `me`, so it adds up with the stem `w:me`), an entity
 * placeholder `w:@url` → `an URL`.
 *
 * @example
 *   featureLabel('c:ing>') // '"…ing"'
 */
export function featureLabel(feature: string): string {
  const kind = feature.slice(0, 2);
  const body = feature.slice(2);
  if (kind === 'c:') return charactersLabel(body);
  if (kind === 'b:') return bigramLabel(body);
  if (kind === 'w:') return stemLabel(body);
  return feature;
}

function stemLabel(stem: string): string {
  if (!stem.startsWith('@')) return stem;
  const type = stem.slice(1).toLowerCase();
  return PLACEHOLDER_LABELS[type] ?? `a ${type}`;
}

function bigramLabel(pair: string): string {
  const [first = '', second = ''] = pair.split(' ');
  if (first === '<s>') return `${stemLabel(second)} (at the start)`;
  if (second === '</s>') return `${stemLabel(first)} (at the end)`;
  return `${stemLabel(first)} ${stemLabel(second)}`;
}

function charactersLabel(gram: string): string {
  // A whole short word reads as the word, and merges with its stem where the two are the same.
  if (gram.startsWith('<') && gram.endsWith('>')) return gram.slice(1, -1);
  const start = gram.startsWith('<') ? '' : '…';
  const end = gram.endsWith('>') ? '' : '…';
  return `"${start}${gram.replace(/^</, '').replace(/>$/, '')}${end}"`;
}

/**
 * The strongest pulls each way, labelled for people: pulls with the same label (the stem `close`
 * from "close" and "closed") are added up first, so a label appears once with its whole weight.
 * `forIntent`: the `top` strongest positive pulls; `forRunnerUp`: the `top` strongest negative ones,
 * as positive weights. Ties keep the order of the label's first feature, so the result is stable.
 */
export function strongestContributions(
  pulls: readonly FeaturePull[],
  top: number,
): { forIntent: FeatureContribution[]; forRunnerUp: FeatureContribution[] } {
  const byLabel = new Map<string, { feature: string; strongest: number; weight: number }>();
  for (const { feature, weight } of pulls) {
    const label = featureLabel(feature);
    const merged = byLabel.get(label);
    if (!merged) {
      byLabel.set(label, { feature, strongest: Math.abs(weight), weight });
      continue;
    }
    merged.weight += weight;
    // The feature named is the one that weighed most under the label.
    if (Math.abs(weight) > merged.strongest) {
      merged.feature = feature;
      merged.strongest = Math.abs(weight);
    }
  }
  const contributions = [...byLabel].map(([label, { feature, weight }]) => ({
    feature,
    label,
    weight: Number(weight.toPrecision(4)),
  }));
  const forIntent = contributions
    .filter((c) => c.weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, top);
  const forRunnerUp = contributions
    .filter((c) => c.weight < 0)
    .sort((a, b) => a.weight - b.weight)
    .slice(0, top)
    .map((c) => ({ ...c, weight: -c.weight }));
  return { forIntent, forRunnerUp };
}
