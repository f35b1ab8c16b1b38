// A minimal Astro 5 site whose blog collection is publisher's files target output:
//   PUBLISHER_SITE_DIR=examples/astro/src/content/blog publisher run && npx astro build
// See docs/static-sites.md.
import { defineConfig } from "astro/config";

export default defineConfig({
  site: "https://blog.example.org",
  i18n: { locales: ["ru", "en"], defaultLocale: "ru" },
});
