import type { Role } from '../access/roles';
import type { ConversationAudience } from '../store/conversation-directory';
import { say, type BotReply } from './bot-reply';
import type { Turn, TurnAuditRecord } from './turn';

/** "register this channel for basis notifications", "unregister this chat from soc alerts"… */
export interface ChannelRegistrationCommand {
  register: boolean;
  audience: ConversationAudience;
}

const COMMAND =
  /^(un)?register\s+(?:this\s+)?(?:channel|chat|conversation|team)\s+(?:for|from)\s+(?:the\s+)?(sap\s+basis|basis|soc\s+leads?|leads?|soc)(?:\s+team)?(?:\s+(?:notifications?|notices|alerts|messages))?[\s.!]*$/i;

/**
 * Reads a channel registration command. Matched by pattern, not by the intent model: it is an
 * administrative sentence with one exact form, and it must never be mistaken for anything else.
 *
 * @example
 *   readChannelRegistration('Register this channel for Basis notifications'); // { register: true, audience: 'basis' }
 *   readChannelRegistration('unregister this channel from soc alerts');     // { register: false, audience: 'soc' }
 */
export function readChannelRegistration(text: string): ChannelRegistrationCommand | undefined {
  const match = COMMAND.exec(text.trim());
  if (!match) return undefined;
  const target = (match[2] ?? '').toLowerCase().replace(/\s+/g, ' ');
  const audience: ConversationAudience = target.includes('basis')
    ? 'basis'
    : target.includes('lead')
      ? 'leads'
      : 'soc';
  return { register: match[1] === undefined, audience };
}

/** Roles that may (un)register a conversation: the teams that own the channel, and engineers. */
export const REGISTRATION_ROLES: readonly Role[] = ['basis', 'lead', 'engineer'];

const AUDIENCE_NAMES: Record<ConversationAudience, string> = {
  basis: 'Basis notifications',
  leads: 'SOC lead notifications (P1/P2, approval requests)',
  soc: 'SOC alerts from the SIEM',
};

/** What handling a registration needs. */
export interface ChannelRegistrationDeps {
  directory: {
    register(audience: ConversationAudience, key: string): Promise<boolean>;
    unregister(audience: ConversationAudience, key: string): Promise<boolean>;
  };
  audit(turn: Turn, record: TurnAuditRecord): Promise<void>;
  /** Whether notices to this audience go to Teams (BASIS_NOTIFY / LEADS_NOTIFY includes teams). */
  deliversHere(audience: ConversationAudience): boolean;
}

/**
 * Registers (or unregisters) the conversation of `turn` for an audience, if the user is Basis, a
 * SOC lead or an engineer; every outcome, refusals included, is audited.
 */
export async function handleChannelRegistration(
  command: ChannelRegistrationCommand,
  turn: Turn,
  deps: ChannelRegistrationDeps,
): Promise<BotReply> {
  const what = `${command.register ? 'register' : 'unregister'} this conversation for ${AUDIENCE_NAMES[command.audience]}`;
  if (!turn.roles.some((role) => REGISTRATION_ROLES.includes(role))) {
    const reason =
      turn.roles.length === 0
        ? "you are not in socbot's role configuration. Ask a SOC lead to add you to SOCBOT_ROLES."
        : `that needs the basis, lead or engineer role; you are ${turn.roles.join(' and ')}. Ask a SOC lead.`;
    await deps.audit(turn, {
      action: 'refusal',
      summary: what,
      result: 'refused: not permitted',
      details: { audience: command.audience },
    });
    return say(`I did not ${what}: ${reason}`);
  }
  const changed = command.register
    ? await deps.directory.register(command.audience, turn.conversationKey)
    : await deps.directory.unregister(command.audience, turn.conversationKey);
  await deps.audit(turn, {
    action: 'command',
    summary: what,
    result: changed ? 'done' : 'no change',
    details: { audience: command.audience, conversationKey: turn.conversationKey },
  });
  if (!command.register) {
    return say(
      changed
        ? `Done: this conversation no longer gets ${AUDIENCE_NAMES[command.audience]}.`
        : `This conversation was not registered for ${AUDIENCE_NAMES[command.audience]}; nothing changed.`,
    );
  }
  const note = deps.deliversHere(command.audience)
    ? ''
    : ` Note: socbot is not configured to post them to Teams yet (${command.audience === 'leads' ? 'LEADS_NOTIFY' : 'BASIS_NOTIFY'} does not include teams).` +
      // Approval cards go to every leads conversation whatever LEADS_NOTIFY says (src/app/approvals.ts).
      (command.audience === 'leads'
        ? ' Approval requests (two-person rule) are posted here all the same.'
        : '');
  return say(
    `${changed ? 'Done: this conversation is registered' : 'This conversation was already registered'} for ${AUDIENCE_NAMES[command.audience]}.${command.audience === 'soc' ? '' : note}`,
  );
}
