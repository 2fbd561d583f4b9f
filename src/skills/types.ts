import type { AlertRecord, NewAlert } from '../store/alert-register';
import type { BasisRequest, NewBasisRequest } from '../store/basis-request-log';
import type { SkillManifest } from './manifest-schema';

// The manifest types live with their schema; re-exported so a skill imports everything from here.
export type { SkillManifest, SkillManifestInput, SkillSlot } from './manifest-schema';

/** The services a skill action may use: everything it touches goes through these. */
export interface SkillServices {
  alerts: {
    add(alert: NewAlert): Promise<AlertRecord>;
    /** By socbot reference (`SOC-2026-0001`) or, failing that, the latest with this alert ID. */
    find(refOrAlertId: string): Promise<AlertRecord | undefined>;
  };
  basisRequests: {
    add(request: NewBasisRequest): Promise<BasisRequest>;
  };
}

/** Who is talking to the bot. */
export interface UserIdentity {
  id: string;
  name: string;
}

/** What `act()` receives once every required slot is filled and the analyst confirmed. */
export interface SkillContext {
  /** Slot values by slot name; an optional slot the analyst skipped is absent. */
  slots: Readonly<Record<string, string | undefined>>;
  user: UserIdentity;
  conversationId: string;
  /**
   * Unique per filled form: pass it to services as the idempotency key (`requestId`), so a
   * confirmation handled twice (a double click, a retried request) has its effect once.
   */
  requestId: string;
  services: SkillServices;
}

/** What the bot answers after the action. */
export interface SkillReply {
  text: string;
}

/**
 * A skill's action module (`skills/<name>/action.ts`) exports `act`.
 *
 * @example
 *   export const act: SkillAction = async ({ slots, services, user }) => {
 *     const alert = await services.alerts.add({ ... });
 *     return { text: `Registered as ${alert.ref}.` };
 *   };
 */
export type SkillAction = (ctx: SkillContext) => Promise<SkillReply>;

/** A loaded skill: its folder name, validated manifest and action. */
export interface Skill {
  /** The folder name under skills/, e.g. `register-alert`. */
  name: string;
  dir: string;
  manifest: SkillManifest;
  act: SkillAction;
}
