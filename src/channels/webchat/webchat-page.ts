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
 * GET /webchat/token), then renders Web Chat on the built-in Direct Line endpoint through its own
 * small Direct Line client. Not botframework-directlinejs's: that one stops polling for good after
 * one failed poll, so a page open across a server restart never showed a reply again. This one
 * retries while socbot is away, resumes the same conversation (its token stays valid across
 * restarts), refreshes the token while the page is open, and says what to do when it cannot go on.
 * It does not tell Web Chat about a short outage: Web Chat drops what the analyst sends while it
 * shows "Reconnecting…"; the client holds such messages and sends them once socbot answers again.
 */
export const WEBCHAT_PAGE_SCRIPT = `'use strict';
(function () {
  // botframework-directlinejs's ConnectionStatus values, which Web Chat reads.
  var CONNECTING = 1;
  var ONLINE = 2;
  var EXPIRED = 3;
  var FAILED = 4;
  var ENDED = 5;
  var POLL_MS = 300;
  // Waits between attempts while socbot is away (a restart, a deploy): then every 5 s, for good.
  var RETRY_MS = [250, 500, 1000, 2000, 3000, 5000];
  // Attempts after which the page says so itself (Web Chat's own notice is easy to miss).
  var SAY_AWAY_AFTER = 4;

  var statusBox = document.getElementById('status');
  function show(message) {
    statusBox.textContent = message;
    statusBox.hidden = false;
  }
  function hide() {
    statusBox.hidden = true;
    statusBox.textContent = '';
  }
  // The token's middle part is its (signed, not secret) grant: { c: conversation, u: user, n: name, e: expiry }.
  function grantOf(token) {
    try {
      var part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(atob(part));
    } catch (error) {
      return {};
    }
  }
  // An incident's shared page (/incidents/SOC-2026-0001) joins the room's one conversation.
  var incident = /^[/]incidents[/]([^/]+)$/.exec(location.pathname);
  function tokenUrl() {
    return incident ? location.pathname + '/token' : '/webchat/token';
  }
  if (incident) {
    var ref = decodeURIComponent(incident[1]);
    document.title = 'socbot · incident ' + ref;
    var heading = document.querySelector('body > header');
    if (heading) heading.textContent = 'socbot · incident room ' + ref;
  }
  // In a room everyone is a user of one conversation: another analyst's message is shown on the
  // other side, with their name, so the page says who typed what.
  function asSeenBy(userId, activity) {
    var from = activity.from || {};
    if (!incident || activity.type !== 'message' || from.role !== 'user' || from.id === userId) return activity;
    var name = from.name || from.id;
    return Object.assign({}, activity, {
      from: Object.assign({}, from, { role: 'bot' }),
      text: name + ': ' + (activity.text || ''),
    });
  }
  function obtainToken() {
    var fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
    if (fromHash) {
      // Keep the token out of the address bar, bookmarks and screenshots.
      history.replaceState(null, '', location.pathname + location.search);
      return Promise.resolve(fromHash);
    }
    return fetch(tokenUrl(), { cache: 'no-store', credentials: 'same-origin' }).then(function (response) {
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

  // The little of an Observable that Web Chat uses: subscribe(next | { next, error, complete }).
  function observerOf(args) {
    var first = args[0];
    var observer = typeof first === 'function' ? { next: first, error: args[1], complete: args[2] } : first || {};
    return {
      next: function (value) {
        if (observer.next) observer.next(value);
      },
      error: function (error) {
        if (observer.error) observer.error(error);
      },
      complete: function () {
        if (observer.complete) observer.complete();
      },
    };
  }
  // A stream of values; with hasValue, new subscribers get the current value first.
  function valueStream(hasValue, initial) {
    var observers = [];
    var current = initial;
    return {
      getValue: function () {
        return current;
      },
      next: function (value) {
        current = value;
        observers.slice().forEach(function (observer) {
          observer.next(value);
        });
      },
      subscribe: function () {
        var observer = observerOf(arguments);
        observers.push(observer);
        if (hasValue) observer.next(current);
        return {
          unsubscribe: function () {
            observers = observers.filter(function (other) {
              return other !== observer;
            });
          },
        };
      },
    };
  }

  function createDirectLine(initialToken) {
    var token = initialToken;
    var base = location.origin + '/v3/directline';
    var conversationUrl = base + '/conversations/' + encodeURIComponent(grantOf(token).c);
    var watermark = '';
    var stopped = false;
    // False from a failed request until a poll gets through again; messages wait meanwhile.
    var reachable = true;
    var whenReachable = [];
    var connectionStatus = valueStream(true, 0);
    var activities = valueStream(false);
    // What was received so far, replayed to a late subscriber (Web Chat subscribes once to start the
    // connection and again to show activities): nothing received in between is lost. Web Chat keeps
    // one copy per activity id.
    var received = [];
    var MAX_REPLAYED = 200;

    function call(method, url, body) {
      return fetch(url, {
        method: method,
        cache: 'no-store',
        headers: { Authorization: 'Bearer ' + token, Accept: 'application/json', 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then(function (response) {
        return response
          .json()
          .catch(function () {
            return {};
          })
          .then(function (answer) {
            if (response.ok) return answer;
            var error = new Error(answer.message || 'socbot answered HTTP ' + response.status + '.');
            error.status = response.status;
            throw error;
          });
      });
    }
    // No answer at all, 502-504 (a proxy in front, or socbot stopping) or 429: worth trying again.
    function passing(error) {
      return !error.status || error.status === 429 || (error.status >= 502 && error.status <= 504);
    }
    function retryDelay(failures) {
      return RETRY_MS[Math.min(failures, RETRY_MS.length - 1)];
    }
    function setStatus(value) {
      if (connectionStatus.getValue() !== value) connectionStatus.next(value);
    }
    function away(failures) {
      reachable = false;
      if (failures + 1 >= SAY_AWAY_AFTER) {
        show('socbot is not answering (restarting?). This page retries by itself; reload it if this stays.');
      }
    }
    function back() {
      if (!reachable && !statusBox.hidden) hide();
      reachable = true;
      setStatus(ONLINE);
      var waiting = whenReachable;
      whenReachable = [];
      waiting.forEach(function (run) {
        run();
      });
    }
    // An answer that trying again cannot change: stop, and say what to do.
    function fail(error) {
      stopped = true;
      if (error.status === 403) {
        setStatus(EXPIRED);
        show('Your Web Chat session expired. Reload the page to start a new one.');
      } else if (error.status === 404) {
        setStatus(ENDED);
        show('This conversation has ended. Reload the page to start a new one.');
      } else if (error.status === 401) {
        setStatus(FAILED);
        show('socbot no longer accepts the session of this page (its WEBCHAT_SECRET or data directory changed). Reload the page.');
      } else {
        setStatus(FAILED);
        show(error.message);
      }
    }
    function retrying(attempt, failures, error) {
      if (stopped) return;
      if (!passing(error)) return fail(error);
      away(failures);
      setTimeout(function () {
        attempt(failures + 1);
      }, retryDelay(failures));
    }

    function start(failures) {
      setStatus(CONNECTING);
      call('POST', base + '/conversations').then(
        function () {
          back();
          poll(0);
        },
        function (error) {
          retrying(start, failures, error);
        },
      );
    }
    function poll(failures) {
      if (stopped) return;
      call('GET', conversationUrl + '/activities?watermark=' + encodeURIComponent(watermark)).then(
        function (set) {
          if (stopped) return;
          back();
          if (set.watermark) watermark = set.watermark;
          (set.activities || []).forEach(function (stored) {
            var activity = asSeenBy(grantOf(token).u, stored);
            received.push(activity);
            if (received.length > MAX_REPLAYED) received.shift();
            activities.next(activity);
          });
          setTimeout(function () {
            poll(0);
          }, POLL_MS);
        },
        function (error) {
          // A poll changes nothing on the server: any 5xx is worth another poll.
          retrying(poll, failures, error.status >= 500 ? { status: 503 } : error);
        },
      );
    }
    function refreshLater() {
      var expiresAt = grantOf(token).e || Date.now();
      setTimeout(refresh, Math.max(10000, (expiresAt - Date.now()) / 2));
    }
    function refresh() {
      if (stopped) return;
      call('POST', base + '/tokens/refresh').then(
        function (answer) {
          token = answer.token;
          refreshLater();
        },
        function (error) {
          if (stopped) return;
          if (!passing(error)) return fail(error);
          setTimeout(refresh, RETRY_MS[RETRY_MS.length - 1]);
        },
      );
    }

    // A random id of the client's own (crypto.randomUUID needs https; getRandomValues does not).
    function newClientActivityId() {
      var bytes = new Uint8Array(16);
      crypto.getRandomValues(bytes);
      return Array.prototype.map
        .call(bytes, function (byte) {
          return (byte + 256).toString(16).slice(1);
        })
        .join('');
    }
    // The same clientActivityID on every attempt (Web Chat sets one; other callers may not): socbot
    // answers a repeated one with the first post's id, so a retry after a 504 is not handled twice.
    function withClientActivityId(activity) {
      var channelData = activity.channelData || {};
      if (typeof channelData.clientActivityID === 'string' && channelData.clientActivityID !== '') return activity;
      return Object.assign({}, activity, {
        channelData: Object.assign({}, channelData, { clientActivityID: newClientActivityId() }),
      });
    }

    function postActivity(given) {
      var activity = withClientActivityId(given);
      return {
        subscribe: function () {
          var observer = observerOf(arguments);
          var cancelled = false;
          function attempt(failures) {
            if (cancelled || stopped) return;
            if (!reachable || connectionStatus.getValue() !== ONLINE) {
              whenReachable.push(function () {
                attempt(failures);
              });
              return;
            }
            call('POST', conversationUrl + '/activities', activity).then(
              function (answer) {
                if (cancelled) return;
                observer.next(answer.id);
                observer.complete();
              },
              function (error) {
                if (cancelled) return;
                if (passing(error) && !stopped) {
                  // Sent again once a poll gets through: the poll resumes the conversation first.
                  if (error.status !== 429) reachable = false;
                  setTimeout(function () {
                    attempt(failures + 1);
                  }, retryDelay(failures));
                  return;
                }
                observer.error(error);
              },
            );
          }
          attempt(0);
          return {
            unsubscribe: function () {
              cancelled = true;
            },
          };
        },
      };
    }

    var started = false;
    return {
      connectionStatus$: connectionStatus,
      activity$: {
        subscribe: function () {
          var observer = observerOf(arguments);
          received.forEach(function (activity) {
            observer.next(activity);
          });
          var subscription = activities.subscribe(observer);
          if (!started) {
            started = true;
            start(0);
            refreshLater();
          }
          return subscription;
        },
      },
      postActivity: postActivity,
      end: function () {
        stopped = true;
        setStatus(ENDED);
      },
    };
  }

  if (!window.WebChat) {
    show('The Web Chat script did not load. Reload the page; if it stays, check the socbot server log.');
    return;
  }
  obtainToken()
    .then(function (token) {
      var grant = grantOf(token);
      window.WebChat.renderWebChat(
        {
          directLine: createDirectLine(token),
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
