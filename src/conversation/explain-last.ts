import { explanationText } from '../nlu/explanation-text';
import { say, type BotReply } from './bot-reply';
import type { ConversationMemory } from './conversation-memory';
import type { ConversationServices } from './turn';

/**
 * "why?" / "why did you think that?": how the model read the analyst's previous message (the last
 * one recognised that was not itself about an earlier message), from the weights of the model in
 * service. It needs no skill and no role: it shows only how the analyst's own words were scored.
 *
 * @example
 *   await explainLast(memory, services);
 *   // 'About "close it as false positive": I read it as **alert_close** (0.91; threshold 0.42) …'
 */
export async function explainLast(
  memory: ConversationMemory,
  services: ConversationServices,
): Promise<BotReply> {
  const last = memory.lastRecognized;
  if (!last) return say("There's nothing to explain yet: ask me something first.");
  if (!services.explain) {
    return say("I can't explain my answers with the model I'm running: it has no weights to show.");
  }
  const explanation = await services.explain(last.text);
  return say(`About "${quoted(last.text)}": ${explanationText(explanation, 'intent')}`);
}

/** The message as a short one-line quote, its markup shown as typed. */
function quoted(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const short = line.length > 120 ? `${line.slice(0, 119)}…` : line;
  return short.replace(/[\\`*_[\]<>#|~"]/g, (char) => `\\${char}`);
}
