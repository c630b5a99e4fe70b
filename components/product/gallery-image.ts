/** A product picture as the gallery shows it: a file served from public/ and what it shows. */
export interface GalleryImage {
  src: string;
  alt: string;
}

/** The main picture's box: explicit, so the page never shifts while it loads. */
export const MAIN_IMAGE_SIZE = 600;

export const MAIN_IMAGE_CLASSES =
  'aspect-square w-full rounded-2xl border border-stone-200 bg-stone-100 object-cover';
