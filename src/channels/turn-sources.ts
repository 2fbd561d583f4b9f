import type { TurnContext } from 'botbuilder';
import { actorFromActivity, foreignTenantOf, type Actor } from '../access/actor';
import type { BotWiring, TurnOrigin } from '../conversation/bot-wiring';
import type { TurnSource } from '../conversation/turn-input';
import type { Logger } from '../logger';
import { ConsoleAdapter } from './console-adapter';
import { DirectLineAdapter } from './directline/directline-adapter';
import { TeamsMemberEmails } from './teams-member-email';

/**
 * Who is asking in a turn, and their roles: by id first; by the Teams e-mail (TeamsInfo, asked
 * once per user per half hour) when roles are configured by e-mail. A Teams user of another tenant
 * is unknown whatever their id says. Whether the turn is the local user's is decided by the
 * adapter that runs it (the wiring's policy), never by the activity.
 *
 * @example
 *   const sources = new TurnSources(app, logger);
 *   const source = await sources.sourceOf(context, 'console/c1');
 */
export class TurnSources {
  private readonly emails: TeamsMemberEmails;

  constructor(
    private readonly wiring: Pick<BotWiring, 'isLocalTurn' | 'tenantId' | 'rolesOf' | 'rolesByEmail'>,
    private readonly logger: Logger,
  ) {
    this.emails = new TeamsMemberEmails(logger);
  }

  async sourceOf(context: TurnContext, conversationKey: string): Promise<TurnSource> {
    const activity = context.activity;
    const base = {
      user: { id: activity.from.id, name: activity.from.name || activity.from.id },
      conversationId: activity.conversation.id,
      conversationKey,
    };
    return { ...base, ...(await this.actorAndRoles(context)) };
  }

  private async actorAndRoles(context: TurnContext): Promise<Pick<TurnSource, 'actor' | 'roles'>> {
    const { wiring } = this;
    const actor: Actor = {
      ...actorFromActivity(context.activity),
      local: wiring.isLocalTurn(originOf(context)),
    };
    const foreignTenant = foreignTenantOf(context.activity, wiring.tenantId);
    if (foreignTenant !== undefined) {
      // Another tenant's user: unknown, whatever id or e-mail they have (authorize says why, and
      // every refusal is audited with that reason).
      this.logger.info({ tenant: foreignTenant }, 'a Teams user of another tenant counts as unknown');
      return { actor: { ...actor, local: false, foreignTenant }, roles: [] };
    }
    const roles = wiring.rolesOf(actor);
    if (roles.length > 0 || !wiring.rolesByEmail) return { actor, roles };
    const email = await this.emails.emailOf(context);
    if (!email) return { actor, roles };
    const withEmail = { ...actor, email };
    return { actor: withEmail, roles: wiring.rolesOf(withEmail) };
  }
}

/** How the turn arrived: by the adapter running it. */
export function originOf(context: TurnContext): TurnOrigin {
  const transport =
    context.adapter instanceof ConsoleAdapter
      ? 'console'
      : context.adapter instanceof DirectLineAdapter
        ? 'directline'
        : 'bot-framework';
  return { transport, serviceUrl: context.activity.serviceUrl ?? '' };
}
