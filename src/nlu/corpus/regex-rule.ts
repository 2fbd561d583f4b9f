/**
 * Regular expressions in the corpus are written the NLP.js way, as a string in slash form:
 * `"/\\bPC-\\d+\\b/gi"`. Both the validator and the entity extractor parse them here, so a rule
 * the validator accepts is exactly the rule the extractor runs.
 */

/** A regex rule parsed from its slash form, or why it cannot be used. */
export type ParsedRegexRule = { ok: true; regex: RegExp } | { ok: false; reason: string };

const SLASH_FORM = /^\/(.+)\/([a-z]*)$/s;

/** Texts a usable rule must not match with zero width: NLP.js loops forever on empty matches. */
const ZERO_WIDTH_PROBES = ['', 'a', 'user DDIC on PRD/100 from 10.0.0.1, alert 4711'];

/**
 * Parses `"/source/flags"` into a global RegExp (NLP.js adds `g` anyway).
 *
 * @example
 *   parseRegexRule('/\\bPC-\\d+\\b/i') // → { ok: true, regex: /\bPC-\d+\b/gi }
 *   parseRegexRule('PC-\\d+')          // → { ok: false, reason: 'is not in /pattern/flags form …' }
 */
export function parseRegexRule(rule: string): ParsedRegexRule {
  const match = SLASH_FORM.exec(rule);
  if (!match) {
    return { ok: false, reason: 'is not in /pattern/flags form (write it like "/\\\\bPC-\\\\d+\\\\b/gi")' };
  }
  const [, source = '', rawFlags = ''] = match;
  const flags = rawFlags.includes('g') ? rawFlags : `${rawFlags}g`;
  let regex: RegExp;
  try {
    regex = new RegExp(source, flags);
  } catch (error) {
    return { ok: false, reason: `does not compile: ${(error as Error).message}` };
  }
  if (capturingGroupCount(source, flags) > 0) {
    return {
      ok: false,
      reason: 'has a capturing group, which makes NLP.js report the wrong position; write (?:…) instead of (…)',
    };
  }
  if (matchesZeroWidth(regex)) {
    return {
      ok: false,
      reason: 'can match an empty string, which makes the NLP.js extractor loop forever; require at least one character',
    };
  }
  return { ok: true, regex };
}

/** `(a)|` always matches '' and returns one slot per capturing group. */
function capturingGroupCount(source: string, flags: string): number {
  const probe = new RegExp(`${source}|`, flags.replace('g', '').replace('y', ''));
  return (probe.exec('')?.length ?? 1) - 1;
}

function matchesZeroWidth(regex: RegExp): boolean {
  const probe = new RegExp(regex.source, regex.flags.replace('g', '').replace('y', ''));
  const anchored = new RegExp(`^(?:${regex.source})$`, probe.flags);
  if (anchored.test('')) return true;
  // Lookarounds like /\b/ match zero characters inside a text without matching ''.
  return ZERO_WIDTH_PROBES.some((text) => {
    const global = new RegExp(regex.source, `${probe.flags}g`);
    for (const found of text.matchAll(global)) if (found[0].length === 0) return true;
    return false;
  });
}
