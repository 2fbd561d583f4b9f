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
  /**
   * Set when socbot is bound to a Microsoft Entra tenant (MicrosoftAppTenantId) and this Teams
   * user's activity came from another tenant (or named none): the tenant it named, `''` for none.
   * Such a user has no roles, whatever their id or e-mail says. Set by the channel layer.
   */
  foreignTenant?: string;
}

/** The parts of a Bot Framework activity an actor is read from. */
export interface ActivitySender {
  channelId?: string;
  from?: { id?: string; name?: string; aadObjectId?: string };
}

/** The parts of a Teams activity that name the user's tenant. */
export interface ActivityTenant {
  channelData?: unknown;
  conversation?: { tenantId?: string };
}

/**
 * The Microsoft Entra tenant a Teams activity comes from: `channelData.tenant.id`, else
 * `conversation.tenantId`; undefined when it names none.
 *
 * @example
 *   tenantOfActivity({ channelData: { tenant: { id: '72f9…' } } }); // '72f9…'
 */
export function tenantOfActivity(activity: ActivityTenant): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const fromChannelData = channelData?.tenant?.id;
  if (typeof fromChannelData === 'string' && fromChannelData !== '') return fromChannelData;
  const fromConversation = activity.conversation?.tenantId;
  return typeof fromConversation === 'string' && fromConversation !== '' ? fromConversation : undefined;
}

/**
 * The tenant to record as `Actor.foreignTenant` for a Teams activity when socbot is bound to
 * `configuredTenant` (MicrosoftAppTenantId): undefined when not bound, not Teams, or the same
 * tenant (case-insensitive); else the activity's tenant (`''` when it names none).
 *
 * @example
 *   foreignTenantOf({ channelId: 'msteams', conversation: { tenantId: 'other' } }, 'ours'); // 'other'
 */
export function foreignTenantOf(
  activity: ActivityTenant & { channelId?: string },
  configuredTenant: string | undefined,
): string | undefined {
  if (!configuredTenant || activity.channelId !== 'msteams') return undefined;
  const tenant = tenantOfActivity(activity);
  return tenant !== undefined && tenant.toLowerCase() === configuredTenant.toLowerCase()
    ? undefined
    : (tenant ?? '');
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
