/**
 * Who is asking, as the channel identifies them. The access policy matches any of `aadObjectId`,
 * `id` and `email` against the role configuration.
 *
 * @example
 *   { id: '29:1abcDEF', aadObjectId: '6f1c…-…', name: 'Ana', local: false }
 */
export interface Actor {
  /** The channel's user id (Teams: `29:…`; console: the console user's id). */
  id: string;
  /** The Entra (AAD) object id Teams sends as `from.aadObjectId`. */
  aadObjectId?: string;
  /** The user's e-mail or UPN, where the channel layer looked it up (Teams: TeamsInfo.getMember). */
  email?: string;
  name?: string;
  /**
   * True only for the person at the machine: the console (`socbot chat`), or Web Chat on loopback
   * with Bot Framework authentication off. Set by the channel layer, never from message content.
   */
  local?: boolean;
}

/** The parts of a Bot Framework activity an actor is read from. */
export interface ActivitySender {
  channelId?: string;
  from?: { id?: string; name?: string; aadObjectId?: string };
}

/**
 * The actor of an incoming activity. `local` comes from the caller, which knows how the request
 * arrived; the console channel is always local.
 *
 * @example
 *   const actor = actorFromActivity(context.activity, { local: requestCameFromLoopbackWithoutAuth });
 */
export function actorFromActivity(
  activity: ActivitySender,
  options: { local?: boolean; email?: string } = {},
): Actor {
  const from = activity.from ?? {};
  return {
    id: from.id ?? '',
    ...(from.aadObjectId ? { aadObjectId: from.aadObjectId } : {}),
    ...(options.email ? { email: options.email } : {}),
    ...(from.name ? { name: from.name } : {}),
    local: activity.channelId === 'console' || options.local === true,
  };
}
