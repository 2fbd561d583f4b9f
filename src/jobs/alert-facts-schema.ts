import { z } from 'zod';
import type { AlertFacts } from '../integrations/alert-facts';

/** An alert's facts as stored in a job payload (tickets and notices carry them). */
export const alertFactsSchema = z.object({
  ref: z.string(),
  alertId: z.string(),
  priority: z.enum(['P1', 'P2', 'P3', 'P4', 'P5']),
  terminal: z.string(),
  username: z.string(),
  system: z.string(),
  client: z.string().optional(),
  ip: z.string().optional(),
  requestedBy: z.string(),
  summary: z.string().optional(),
}) satisfies z.ZodType<AlertFacts>;
