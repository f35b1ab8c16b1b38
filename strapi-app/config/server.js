// Bound to loopback: this app exists only for the publisher's integration tests.
module.exports = ({ env }) => ({
  host: env('HOST', '127.0.0.1'),
  port: env.int('PORT', 1337),
  app: { keys: env.array('APP_KEYS', ['publisher-test-key-a', 'publisher-test-key-b']) },
  dirs: { public: env('STRAPI_PUBLIC_DIR', './public') },
  // No update check: it would call the npm registry and write .strapi-updater.json.
  logger: { updates: { enabled: false } },
});
