"""Where posts end up: a Strapi 5 CMS or a folder of Markdown files for a static site."""
