'use strict';

// Test fixtures the publisher's integration tests rely on, recreated on every boot so that a
// fresh SQLite file is ready to use: locales `ru` (default) and `en`, and one full-access API
// token whose plaintext is STRAPI_TEST_TOKEN. Strapi only hands out a token's plaintext at
// creation, so we create a token and then overwrite its stored hash with the hash of ours.

const LOCALES = [
  { code: 'ru', name: 'Russian (ru)' },
  { code: 'en', name: 'English (en)' },
];
const DEFAULT_LOCALE = 'ru';
const TOKEN_NAME = 'publisher-tests';

async function ensureLocales(strapi) {
  const locales = strapi.plugin('i18n').service('locales');
  for (const locale of LOCALES) {
    if (!(await locales.findByCode(locale.code))) {
      await locales.create(locale);
    }
  }
  await locales.setDefaultLocale({ code: DEFAULT_LOCALE });
}

async function ensureToken(strapi) {
  const plaintext = process.env.STRAPI_TEST_TOKEN;
  if (!plaintext) {
    strapi.log.warn('STRAPI_TEST_TOKEN is not set: no API token created');
    return;
  }
  const tokens = strapi.service('admin::api-token-content-api');
  const existing = await tokens.getByName(TOKEN_NAME);
  const token =
    existing ||
    (await tokens.create({
      name: TOKEN_NAME,
      description: 'Full-access token for the publisher integration tests',
      type: 'full-access',
      lifespan: null,
    }));
  await strapi.db.query('admin::api-token').update({
    where: { id: token.id },
    data: { accessKey: tokens.hash(plaintext) },
  });
}

// Strapi's default Media Library settings re-encode every upload and cut three responsive
// sizes from it with sharp: ~400 ms of CPU per cover on a 2-core machine, which then bounds
// the throughput benchmark by the CMS instead of the publisher. A blog can switch these off
// in Settings > Media Library too; STRAPI_IMAGE_FORMATS=on keeps Strapi's defaults.
async function ensureMediaSettings(strapi) {
  if (process.env.STRAPI_IMAGE_FORMATS === 'on') {
    return;
  }
  const store = strapi.store({ type: 'plugin', name: 'upload', key: 'settings' });
  const current = (await store.get({})) || {};
  await store.set({
    value: { ...current, sizeOptimization: false, responsiveDimensions: false, autoOrientation: false },
  });
}

module.exports = {
  register() {},
  async bootstrap({ strapi }) {
    await ensureLocales(strapi);
    await ensureToken(strapi);
    await ensureMediaSettings(strapi);
  },
};
