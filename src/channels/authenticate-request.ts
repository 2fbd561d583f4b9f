import type { Activity } from 'botbuilder';
import { SocbotError } from '../errors';
import type { AuthenticatedRequest, BotAuthentication } from './bot-authentication';
import type { SdkConsole } from './sdk-console';

/**
 * Authenticates an inbound activity within `timeoutMs`.
 *
 * Every failure is a 401 (UNAUTHORIZED), never a 500 and never a hang: a missing or bad token, and
 * also a token that cannot be verified because the OpenID metadata (fetched from the internet on
 * first use) is unreachable or slow. Bot Framework channels retry a 401'd delivery, and the caller
 * cannot tell a forged token from one we could not check, so "not authenticated" is the honest answer;
 * the log line carries the real reason. What the SDK prints to the console meanwhile (key dumps,
 * stack traces for forged or expired tokens) goes to the log through `sdkConsole`, rate-limited.
 *
 * @example
 *   const auth = await authenticateRequest(botAuth, activity, req.headers.authorization ?? '', 5000, createSdkConsole(logger));
 */
export async function authenticateRequest(
  authentication: BotAuthentication,
  activity: Activity,
  authHeader: string,
  timeoutMs: number,
  sdkConsole: SdkConsole,
): Promise<AuthenticatedRequest> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          unauthorized(
            `the token could not be verified within ${timeoutMs} ms (OpenID metadata unreachable?)`,
          ),
        ),
      timeoutMs,
    );
  });
  const attempt = sdkConsole.run(() => authentication.authenticateRequest(activity, authHeader));
  // The attempt may settle after the timeout won; its late rejection must not become unhandled.
  attempt.catch(() => undefined);
  try {
    return await Promise.race([attempt, timeout]);
  } catch (error) {
    if (error instanceof SocbotError) throw error;
    throw unauthorized(error instanceof Error ? error.message : String(error), error);
  } finally {
    clearTimeout(timer);
  }
}

function unauthorized(reason: string, cause?: unknown): SocbotError {
  return new SocbotError(
    'UNAUTHORIZED',
    'The request is not authenticated. Send a valid Bot Framework token in the Authorization header, or unset MicrosoftAppId for a local bot without authentication.',
    { reason },
    { cause },
  );
}
