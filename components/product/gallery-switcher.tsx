'use client';

import Image from 'next/image';
import { useState } from 'react';
import { MAIN_IMAGE_CLASSES, MAIN_IMAGE_SIZE, type GalleryImage } from './gallery-image';

const THUMBNAIL_SIZE = 80;

/**
 * The main picture and a row of thumbnail buttons that show theirs in its place: a click, a tap,
 * or Enter/Space on a focused thumbnail. The shown one is marked `aria-current`. The server renders
 * the first picture, preloaded, so it is on screen before this script runs.
 */
export function GallerySwitcher({ images }: { images: GalleryImage[] }) {
  const [selected, setSelected] = useState(0);
  const shown = images[selected] ?? images[0];
  if (!shown) return null;
  return (
    <div className="flex flex-col gap-3">
      <Image
        src={shown.src}
        alt={shown.alt}
        width={MAIN_IMAGE_SIZE}
        height={MAIN_IMAGE_SIZE}
        preload={selected === 0}
        loading="eager"
        fetchPriority={selected === 0 ? 'high' : 'auto'}
        className={MAIN_IMAGE_CLASSES}
      />
      <ul aria-label="Pictures of this product" className="flex flex-wrap gap-3">
        {images.map((image, index) => (
          <li key={image.src}>
            <button
              type="button"
              aria-current={index === selected ? 'true' : undefined}
              onClick={() => setSelected(index)}
              className="block overflow-hidden rounded-lg border-2 border-stone-200 hover:border-stone-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-700 aria-[current=true]:border-brand-700 aria-[current=true]:ring-2 aria-[current=true]:ring-brand-700"
            >
              <Image
                src={image.src}
                alt=""
                width={THUMBNAIL_SIZE}
                height={THUMBNAIL_SIZE}
                className="size-16 bg-stone-100 object-cover sm:size-20"
              />
              <span className="sr-only">
                Show picture {index + 1} of {images.length}: {image.alt}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
