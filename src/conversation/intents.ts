/**
 * The intents the conversation itself understands (skills bring their own trigger intents in
 * their manifests). The names are the corpus's intent names.
 */
export const CONVERSATION_INTENTS = {
  cancel: 'cancel',
  help: 'help',
  status: 'status',
  greeting: 'greeting',
  thanks: 'thanks',
  bye: 'bye',
  /** "why?", "why did you think that?": how the model read the previous message (explain-last.ts). */
  explainLast: 'explain_last',
} as const;

/**
 * Statements of fact about the incident ("the user is DDIC", "his terminal was PC-0815", "it
 * happened on PRD"): remembered for the conversation and used to fill slots later.
 */
export const FACT_INTENTS: readonly string[] = ['username', 'initiator', 'system'];

/**
 * The intent whose skill registers a new alert: offered when a fact statement with no form open
 * names another alert ID than the last one (fact-statement.ts).
 */
export const NEW_ALERT_INTENT = 'alert';

/**
 * Intents of messages about the previous message ("why?", "no, I meant …"): they leave
 * `memory.lastRecognized` on the message they are about.
 */
export const ABOUT_EARLIER_MESSAGE_INTENTS: readonly string[] = [CONVERSATION_INTENTS.explainLast];
