/**
 * What kind of SAP user an alert is about: `technical` for SAP's own and interface users (DDIC,
 * SAP*, TMSADM …, which nobody should log on with), `vip` for a user in SOCBOT_VIP_USERS, else
 * `dialog`. socbot records no user type from the SIEM, so this is the best it can tell from the name.
 */
export type UserType = 'technical' | 'vip' | 'dialog';

/** SAP's standard technical users: alerts about them are worked differently from a person's. */
const TECHNICAL_USERS: ReadonlySet<string> = new Set([
  'DDIC',
  'SAP*',
  'EARLYWATCH',
  'TMSADM',
  'SAPCPIC',
  'SAPSYS',
]);

/**
 * An alert's kind: what "similar alerts" share. `pattern` is the SIEM's title (the SAP ETD
 * pattern, e.g. 'Debugging in production'); null for an alert registered in chat, which has none.
 */
export interface AlertKind {
  pattern: string | null;
  /** The SID, without a client. */
  system: string;
  userType: UserType;
}

/** The facts of an alert its kind is read from. */
export interface KindFacts {
  title?: string;
  system: string;
  username: string;
}

/**
 * The kind of an alert, from its SIEM title, system and user.
 *
 * @example
 *   alertKindOf({ title: 'Debugging in production', system: 'PRD/100', username: 'ddic' }, []);
 *   // { pattern: 'Debugging in production', system: 'PRD', userType: 'technical' }
 */
export function alertKindOf(alert: KindFacts, vipUsers: readonly string[]): AlertKind {
  const user = alert.username.trim().toUpperCase();
  const title = alert.title?.trim() ?? '';
  return {
    pattern: title === '' ? null : title,
    system: (alert.system.split('/')[0] ?? '').trim().toUpperCase(),
    userType: TECHNICAL_USERS.has(user)
      ? 'technical'
      : vipUsers.some((vip) => vip.toUpperCase() === user)
        ? 'vip'
        : 'dialog',
  };
}

/** The kind as one line, the key `socbot insights` groups by: `PRD · Debugging in production · technical`. */
export function kindLabel(kind: AlertKind): string {
  return [kind.system, kind.pattern ?? '(no pattern)', kind.userType].join(' · ');
}
