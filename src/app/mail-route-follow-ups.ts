import { keyHash } from '../integrations/idempotency-key';
import { SOURCE_KEY_VARIABLES } from '../integrations/enrichment/enrichment-sources';
import { mailEnrichmentJob } from '../jobs/mail-enrichment-job';
import type { MailContent } from '../mail/mail-message';
import { mailIndicators, type MailIndicators } from '../mail/routing/mail-indicators';
import { mailRouteOf } from '../mail/routing/mail-routes';
import { lostDeviceFacts, lostDeviceNote, type LostDeviceFacts } from '../mail/routing/lost-device-facts';
import { queueAudited } from './audited-queue';
import type { AuditActor } from '../audit/audit-entry';
import type { SocbotApp } from './create-app';

/** The look-up job keeps who asked up to this many characters (its payload schema). */
const MAX_ASKED_BY_CHARS = 300;

/** What a category's route did for one mail's alert, for its card and the correction's reply. */
export interface RouteFollowUps {
  readonly indicators?: MailIndicators;
  /** One line on the look-ups: queued, nothing found, or no source configured. */
  readonly lookupNote?: string;
  readonly device?: LostDeviceFacts;
  /** One sentence per thing done, for a reply ("Looking up 2 indicators.", "Device note queued for the ticket."). */
  readonly done: readonly string[];
}

/** A mail's alert and what its route reads. */
export interface RouteSubject {
  readonly ref: string;
  readonly category: string;
  /** The classified content (the original of a forward): its text is searched. */
  readonly content: MailContent;
  readonly attachmentHashes: readonly string[];
  /** Who asked, for a look-up request: the sender as shown. */
  readonly askedBy: string;
  /** As the audit trail names whoever caused it (the mailbox, or the analyst who corrected it). */
  readonly actor: AuditActor;
}

/**
 * Runs the route of a mail's category (src/mail/routing/mail-routes.ts) beyond its alert, ticket
 * and card: look-ups of the reported or asked-about indicators (`enrich.mail`, keyed by alert and
 * category, only public ones, only with a source configured: else the note says how to configure
 * one), and the device and owner of a lost device as a ticket note (keyed by alert). Every step is
 * keyed, so the same mail handed over again, or the same correction repeated, adds nothing.
 */
export async function runRouteFollowUps(app: SocbotApp, subject: RouteSubject): Promise<RouteFollowUps> {
  const route = mailRouteOf(subject.category);
  const done: string[] = [];
  let indicators: MailIndicators | undefined;
  let lookupNote: string | undefined;
  if (route.indicators !== 'none') {
    indicators = mailIndicators(
      `${subject.content.subject}\n${subject.content.text}`,
      subject.attachmentHashes,
    );
    if (indicators.lookups.length === 0) {
      lookupNote =
        indicators.internal.length > 0
          ? 'Only internal addresses in this mail: nothing was sent to an internet source.'
          : 'No URL, domain, IP address or hash found to look up.';
    } else if (!app.enrichesIndicators) {
      const variables = Object.values(SOURCE_KEY_VARIABLES).join(', ');
      lookupNote = `No threat-intelligence source is configured here, so I looked nothing up. Set one of ${variables} (see .env.example) and restart socbot.`;
    } else {
      await queueAudited(
        app,
        mailEnrichmentJob,
        {
          ref: subject.ref,
          route: subject.category,
          indicators: [...indicators.lookups],
          // Bounded as the job's payload is, so a long sender name can never make the job unreadable.
          ...(route.indicators === 'asked' ? { askedBy: subject.askedBy.slice(0, MAX_ASKED_BY_CHARS) } : {}),
        },
        { alertRef: subject.ref },
        { actor: subject.actor },
      );
      const count = indicators.lookups.length;
      lookupNote = `Looking up ${count} indicator${count === 1 ? '' : 's'} at the threat-intelligence sources; the answer follows this card.${indicators.leftOut > 0 ? ` ${indicators.leftOut} more left out.` : ''}`;
      done.push(`Looking up ${count} indicator${count === 1 ? '' : 's'} of ${subject.ref}.`);
    }
  }
  let device: LostDeviceFacts | undefined;
  if (route.device) {
    device = lostDeviceFacts(subject.content);
    const queued = await app.ticketNote(
      subject.ref,
      lostDeviceNote(device),
      `maildevice-${keyHash(subject.ref)}`,
      subject.actor,
    );
    done.push(queued.queued ? 'The device and its owner go onto the ticket.' : queued.said);
  }
  return {
    ...(indicators ? { indicators } : {}),
    ...(lookupNote ? { lookupNote } : {}),
    ...(device ? { device } : {}),
    done,
  };
}
