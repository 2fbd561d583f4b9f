'use strict';

// restify 11 calls spdy.createServer only when its `spdy` option is set; socbot never sets it.
// restify 12 drops spdy, but needs Node.js 22: when socbot moves there, drop this stand-in.
function notAvailable() {
  throw new Error(
    'socbot ships without spdy (HTTP/2 for restify): do not pass the spdy option to restify.createServer. ' +
      'See vendor/spdy-unused/README.md.',
  );
}

module.exports = { createServer: notAvailable, Server: notAvailable, Agent: notAvailable, createAgent: notAvailable };
