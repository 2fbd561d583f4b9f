/** Builds a message activity as a Bot Framework channel would POST it to the bot. */
export function messageActivity(options: {
  serviceUrl: string;
  conversationId: string;
  id: string;
  text: string;
  userId?: string;
}): Record<string, unknown> {
  return {
    type: 'message',
    id: options.id,
    channelId: 'test',
    serviceUrl: options.serviceUrl,
    conversation: { id: options.conversationId },
    from: { id: options.userId ?? 'analyst-1', name: 'Analyst' },
    recipient: { id: 'socbot', name: 'socbot' },
    text: options.text,
    timestamp: new Date().toISOString(),
  };
}
