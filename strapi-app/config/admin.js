// No admin UI: `strapi start` then needs no build and boots in seconds.
module.exports = ({ env }) => ({
  serveAdminPanel: false,
  autoOpen: false,
  auth: { secret: env('ADMIN_JWT_SECRET', 'publisher-test-admin-jwt-secret') },
  apiToken: { salt: env('API_TOKEN_SALT', 'publisher-test-api-token-salt') },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT', 'publisher-test-transfer-salt') } },
  secrets: { encryptionKey: env('ENCRYPTION_KEY', 'publisher-test-encryption-key') },
  flags: { nps: false, promoteEE: false },
});
