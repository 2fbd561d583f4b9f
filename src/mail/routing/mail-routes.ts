import { DEFAULT_MAIL_CATEGORY } from '../classification/mail-classification';

/**
 * What a mail of one category becomes beyond its alert, ticket and SOC card:
 * - `indicators`: `reported` looks up the indicators of the reported (unwrapped) mail and its
 *   attachments' hashes (a phishing report); `asked` looks up what the sender asks about (an
 *   enrichment request); `none` looks nothing up.
 * - `device`: the ticket gets the device and its owner (a lost or stolen device).
 */
export interface MailRoute {
  /** The alert's priority: the SOC's usual order of work for such mails. */
  readonly priority: 'P1' | 'P2' | 'P3' | 'P4' | 'P5';
  /** How the card and the ticket name the category. */
  readonly label: string;
  readonly indicators: 'reported' | 'asked' | 'none';
  readonly device: boolean;
}

/**
 * One entry per category of the mail corpus (corpus/mail/): a new category is one line here. A
 * category without an entry (the corpus has grown, this table not yet) takes the default route.
 *
 * Priorities: a lost device may hold data and credentials still valid (P2: revoke and wipe within
 * the hour); a reported phishing mail may have reached others (P3); a look-up request and
 * anything else are routine (P4).
 */
export const MAIL_ROUTES: Readonly<Record<string, MailRoute>> = {
  phishing: { priority: 'P3', label: 'phishing report', indicators: 'reported', device: false },
  'lost-device': { priority: 'P2', label: 'lost or stolen device', indicators: 'none', device: true },
  enrichment: { priority: 'P4', label: 'look-up request', indicators: 'asked', device: false },
  [DEFAULT_MAIL_CATEGORY]: { priority: 'P4', label: 'other mail', indicators: 'none', device: false },
};

/**
 * The route of a category: its entry, else the default route's.
 *
 * @example
 *   mailRouteOf('phishing').indicators; // 'reported'
 *   mailRouteOf('brand-new').label;     // 'other mail'
 */
export function mailRouteOf(category: string): MailRoute {
  return MAIL_ROUTES[category] ?? (MAIL_ROUTES[DEFAULT_MAIL_CATEGORY] as MailRoute);
}
