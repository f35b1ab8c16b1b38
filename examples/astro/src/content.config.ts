// The blog collection: publisher's page bundles, <locale>/<slug>/index.md with cover.<ext>.
import { defineCollection, z } from "astro:content";
import { glob } from "astro/loaders";

const blog = defineCollection({
  loader: glob({
    pattern: "*/*/index.md",
    base: "./src/content/blog",
    // The id comes from the path ("en/<slug>"): Astro would otherwise take the `slug` field,
    // and a ru and an en post may share one (addresses are unique per locale).
    generateId: ({ entry }) => entry.replace(/\/index\.md$/, ""),
  }),
  schema: ({ image }) =>
    z.object({
      title: z.string(),
      description: z.string(),
      date: z.coerce.date(),
      slug: z.string(),
      lang: z.enum(["ru", "en"]),
      translationKey: z.string(),
      tags: z.array(z.string()).default([]),
      project: z.string().optional(),
      reading_time: z.number().int().positive(),
      external_id: z.string(),
      cover: z
        .object({
          image: image(), // cover.<ext> beside index.md; z.string().url() in hotlink mode
          alt: z.string(),
          caption: z.string().optional(),
          attribution: z
            .object({
              photographer: z.string(),
              photographer_url: z.string(),
              photo_url: z.string(),
              source_name: z.string(),
              source_url: z.string(),
            })
            .optional(),
        })
        .optional(),
    }),
});

export const collections = { blog };
