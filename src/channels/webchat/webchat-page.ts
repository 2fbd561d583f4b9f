/**
 * The Web Chat page: a full-window chat with socbot. Its script is a separate file
 * ({@link WEBCHAT_PAGE_SCRIPT}) so the page runs under a Content-Security-Policy without inline
 * scripts. Paths are absolute: serve socbot at the root of its host name.
 */
export const WEBCHAT_PAGE_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>socbot · SOC assistant</title>
    <link rel="icon" href="data:," />
    <style>
      html, body { height: 100%; margin: 0; font-family: 'Segoe UI', system-ui, sans-serif; }
      body { display: flex; flex-direction: column; background: #f3f2f1; }
      header { background: #0b2a4a; color: #fff; padding: 10px 16px; font-size: 16px; }
      header small { opacity: 0.75; margin-left: 8px; }
      #status { background: #fde7e9; color: #a80000; padding: 10px 16px; }
      #webchat { flex: 1; min-height: 0; background: #fff; max-width: 960px; width: 100%; margin: 0 auto; }
    </style>
  </head>
  <body>
    <header>socbot<small>SOC assistant for SAP landscapes</small></header>
    <div id="status" role="alert" hidden></div>
    <main id="webchat" aria-label="Chat with socbot"></main>
    <script src="/webchat/webchat.js"></script>
    <script src="/webchat/page.js"></script>
  </body>
</html>
`;

/**
 * The page's script: gets a token (from `#token=…` when a portal embedded the page, else from
 * GET /webchat/token), then renders Web Chat on the built-in Direct Line endpoint by polling.
 */
export const WEBCHAT_PAGE_SCRIPT = `'use strict';
(function () {
  var statusBox = document.getElementById('status');
  function show(message) {
    statusBox.textContent = message;
    statusBox.hidden = false;
  }
  // The token's middle part is its (signed, not secret) grant: { c: conversation, u: user, n: name }.
  function grantOf(token) {
    try {
      var part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(atob(part));
    } catch (error) {
      return {};
    }
  }
  function obtainToken() {
    var fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
    if (fromHash) {
      // Keep the token out of the address bar, bookmarks and screenshots.
      history.replaceState(null, '', location.pathname + location.search);
      return Promise.resolve(fromHash);
    }
    return fetch('/webchat/token', { cache: 'no-store', credentials: 'same-origin' }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (body) {
          if (!response.ok || !body.token) {
            throw new Error(body.message || 'socbot did not issue a Web Chat token (HTTP ' + response.status + ').');
          }
          return body.token;
        });
    });
  }
  if (!window.WebChat) {
    show('The Web Chat script did not load. Reload the page; if it stays, check the socbot server log.');
    return;
  }
  obtainToken()
    .then(function (token) {
      var grant = grantOf(token);
      var directLine = window.WebChat.createDirectLine({
        domain: location.origin + '/v3/directline',
        token: token,
        webSocket: false,
        pollingInterval: 300,
      });
      directLine.connectionStatus$.subscribe(function (status) {
        // botframework-directlinejs ConnectionStatus: 3 ExpiredToken, 4 FailedToConnect, 5 Ended.
        if (status === 3) show('Your Web Chat session expired. Reload the page to start a new one.');
        if (status === 4) show('Cannot reach socbot. Check that the server is running, then reload the page.');
        if (status === 5) show('This conversation has ended. Reload the page to start a new one.');
      });
      window.WebChat.renderWebChat(
        {
          directLine: directLine,
          userID: grant.u,
          username: grant.n || 'Analyst',
          locale: 'en-US',
          styleOptions: {
            hideUploadButton: true,
            botAvatarInitials: 'SB',
            userAvatarInitials: 'You',
            suggestedActionLayout: 'flow',
          },
        },
        document.getElementById('webchat'),
      );
    })
    .catch(function (error) {
      show(error.message);
    });
})();
`;

/**
 * Headers of the page: no inline scripts, talk only to this origin, framed only by this origin and
 * the portals named in WEBCHAT_FRAME_ANCESTORS.
 *
 * @example
 *   webChatPageHeaders(['https://portal.soc.example.com'])['Content-Security-Policy'];
 */
export function webChatPageHeaders(frameAncestors: readonly string[] = []): Record<string, string> {
  return {
    'Content-Security-Policy': [
      "default-src 'none'",
      "script-src 'self'",
      // Web Chat styles itself with inline <style> elements (emotion).
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      "media-src 'self' data: blob:",
      "connect-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      ["frame-ancestors 'self'", ...frameAncestors].join(' '),
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
}
