import type { ConnectorReply, ConnectorStandIn } from '../../helpers/connector-stand-in';
import { postActivity } from '../../helpers/http-request';

/** What one analyst message got back: the HTTP status and every reply the bot posted to the connector. */
export interface TurnResult {
  status: number;
  replies: ConnectorReply['activity'][];
  /** The reply texts joined, for `toContain` checks. */
  text: string;
}

/**
 * One conversation driven over real HTTP, like Teams would: each `say` POSTs an activity to the
 * server and, once the server answered, returns the replies the bot posted to the connector (the
 * adapter sends them before it answers the POST, so they are all there).
 *
 * @example
 *   const chat = conversationOverHttp(connector, 'conv-1');
 *   expect((await chat.say(server.url, 'register alert 4711')).text).toContain('From which terminal');
 */
export function conversationOverHttp(connector: ConnectorStandIn, conversationId: string) {
  let turn = 0;
  const send = async (serverUrl: string, fields: Record<string, unknown>): Promise<TurnResult> => {
    turn += 1;
    const id = `${conversationId}-turn-${turn}`;
    const res = await postActivity(serverUrl, {
      type: 'message',
      id,
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      conversation: { id: conversationId },
      from: { id: 'analyst-1', name: 'Analyst' },
      recipient: { id: 'socbot', name: 'socbot' },
      timestamp: new Date().toISOString(),
      ...fields,
    });
    const replies = connector.repliesTo(conversationId, id);
    const activities = replies.map((reply) => reply.activity);
    return { status: res.status, replies: activities, text: activities.map((a) => a.text ?? '').join('\n') };
  };
  return {
    say: (serverUrl: string, text: string) => send(serverUrl, { text }),
    /** A press on an Adaptive Card button: a message with `value` and no text. */
    press: (serverUrl: string, value: Record<string, unknown>) => send(serverUrl, { value }),
  };
}
