import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Logger } from '../logger';

/** How long an answer (or its absence) is remembered: e-mails rarely change within a shift. */
const REMEMBER_MS = 30 * 60 * 1000;
/** Users remembered at most; the oldest entry goes first. */
const MAX_ENTRIES = 5000;

/**
 * The UPN (else the e-mail) of the Teams user of a turn, from Teams' member API (TeamsInfo.getMember),
 * so roles configured by e-mail match. Asked once per user per half hour, bounded by a timeout; a
 * failure counts as "no e-mail" (the user stays unknown, which is the safe side).
 *
 * @example
 *   const emails = new TeamsMemberEmails(logger);
 *   const email = await emails.emailOf(context); // 'ana@corp.com' or undefined
 */
export class TeamsMemberEmails {
  private readonly known = new Map<string, { email: string | undefined; at: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly timeoutMs = 2000,
  ) {}

  async emailOf(context: TurnContext): Promise<string | undefined> {
    const userId = context.activity.from?.id;
    if (context.activity.channelId !== 'msteams' || !userId) return undefined;
    const cached = this.known.get(userId);
    if (cached && Date.now() - cached.at < REMEMBER_MS) return cached.email;
    const email = await this.lookUp(context, userId);
    this.known.delete(userId);
    this.known.set(userId, { email, at: Date.now() });
    for (const oldest of this.known.keys()) {
      if (this.known.size <= MAX_ENTRIES) break;
      this.known.delete(oldest);
    }
    return email;
  }

  private async lookUp(context: TurnContext, userId: string): Promise<string | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), this.timeoutMs);
    });
    try {
      const member = await Promise.race([TeamsInfo.getMember(context, userId), timeout]);
      // The UPN first: it is the sign-in name the tenant vouches for; `email` is a mail attribute
      // (a guest's or another tenant's user's may name any address).
      const email = member?.userPrincipalName ?? member?.email;
      return typeof email === 'string' && email.includes('@') ? email : undefined;
    } catch (error) {
      this.logger.debug(
        { status: (error as { statusCode?: unknown }).statusCode },
        'could not read the Teams user e-mail; roles are matched by id only',
      );
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
