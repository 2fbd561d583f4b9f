/**
 * Only the first 2,000 characters are searched for entities: an analyst's message is far
 * shorter, and a pasted 1 MB log must not stall the bot. The rest is ignored, not an error.
 */
export const MAX_EXTRACTION_CHARS = 2000;
