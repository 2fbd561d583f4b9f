/**
 * The roles socbot knows:
 * - `analyst`: works alerts (register, inform Basis);
 * - `lead`: everything an analyst does, plus blocking a terminal and locking a user;
 * - `basis`: the SAP Basis team, acknowledges notices;
 * - `engineer`: teaches the bot (labels the review queue).
 */
export const ROLES = ['analyst', 'lead', 'basis', 'engineer'] as const;

/** One of ROLES. */
export type Role = (typeof ROLES)[number];
