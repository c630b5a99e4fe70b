import Image from 'next/image';
import { MAIN_IMAGE_CLASSES, MAIN_IMAGE_SIZE, type GalleryImage } from './gallery-image';
import { GallerySwitcher } from './gallery-switcher';

/**
 * The product page's pictures. The first is the page's largest element, so it is rendered on the
 * server, preloaded and fetched first. A product with one picture sends no script for it; more
 * pictures get thumbnails that switch the main one.
 */
export function ProductGallery({ images }: { images: GalleryImage[] }) {
  const [first] = images;
  if (!first) return null;
  if (images.length === 1) {
    return (
      <Image
        src={first.src}
        alt={first.alt}
        width={MAIN_IMAGE_SIZE}
        height={MAIN_IMAGE_SIZE}
        preload
        fetchPriority="high"
        className={MAIN_IMAGE_CLASSES}
      />
    );
  }
  return <GallerySwitcher images={images} />;
}
