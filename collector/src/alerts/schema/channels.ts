import { z } from 'zod';

/** Channel create/update body: type and name, the type's own options at the top level (validated by the channel). */
export const channelBodySchema = z
  .object({
    type: z.string().min(1).max(32),
    name: z.string().trim().min(1, 'name must not be empty').max(200),
    /** also notified of incidents opened by built-in detection (no alert rule) */
    notifyBuiltIn: z.boolean().default(false),
  })
  .loose();
export type ChannelBody = z.infer<typeof channelBodySchema>;

export interface ChannelView {
  id: string;
  type: string;
  name: string;
  notifyBuiltIn: boolean;
  /** options with secret fields redacted */
  options: Record<string, unknown>;
  updatedAt: number;
}
