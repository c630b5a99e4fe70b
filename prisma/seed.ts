/**
 * Seeds the catalogue and two accounts. Idempotent: every row is upserted by its natural key, so
 * running it again updates the catalogue in place and never duplicates anything.
 *   npx prisma db seed      (runs `tsx --conditions=react-server prisma/seed.ts`)
 * With `--if-empty` it leaves a database that already has a catalogue alone (npm start uses this,
 * so restarting the app never undoes changes made in the running shop).
 */
import { prisma } from '../lib/db';
import { hashPassword } from '../lib/password';
import { CATEGORIES, PRODUCTS, SEED_USERS, TAX_CLASSES, type Currency, type SeedImage } from './catalog';

async function seedCategories(): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const [position, category] of CATEGORIES.entries()) {
    const data = { name: category.name, description: category.description, position };
    const row = await prisma.category.upsert({
      where: { slug: category.slug },
      create: { slug: category.slug, ...data },
      update: data,
      select: { id: true },
    });
    ids.set(category.slug, row.id);
  }
  return ids;
}

async function seedProducts(categoryIds: Map<string, string>): Promise<void> {
  for (const product of PRODUCTS) {
    const categoryId = categoryIds.get(product.category);
    if (!categoryId) throw new Error(`${product.slug}: unknown category ${product.category}`);
    const data = {
      name: product.name,
      description: product.description,
      image: `/products/${product.slug}.svg`,
      categoryId,
      featured: product.featured ?? false,
      active: true,
      kind: product.subscription ? ('SUBSCRIPTION' as const) : ('ONE_TIME' as const),
      interval: product.subscription ?? null,
    };
    const { id: productId } = await prisma.product.upsert({
      where: { slug: product.slug },
      create: { slug: product.slug, ...data },
      update: data,
      select: { id: true },
    });
    await seedImages(productId, product.images ?? []);
    for (const [currency, unitAmount] of Object.entries(product.prices) as [Currency, number][]) {
      const taxRate = TAX_CLASSES[product.taxClass][currency];
      await prisma.price.upsert({
        where: { productId_currency: { productId, currency } },
        create: { productId, currency, unitAmount, taxRate },
        update: { unitAmount, taxRate },
      });
    }
  }
}

/** The gallery's further pictures, in catalogue order; pictures the catalogue no longer lists go. */
async function seedImages(productId: string, images: SeedImage[]): Promise<void> {
  for (const [index, image] of images.entries()) {
    const position = index + 1;
    const data = { src: `/products/${image.file}`, alt: image.alt };
    await prisma.productImage.upsert({
      where: { productId_position: { productId, position } },
      create: { productId, position, ...data },
      update: data,
    });
  }
  await prisma.productImage.deleteMany({ where: { productId, position: { gt: images.length } } });
}

async function seedUsers(): Promise<void> {
  for (const user of SEED_USERS) {
    // Re-seeding resets the documented password, so the README's credentials always work.
    const data = { name: user.name, role: user.role, passwordHash: await hashPassword(user.password) };
    await prisma.user.upsert({
      where: { email: user.email },
      create: { email: user.email, ...data },
      update: data,
    });
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--if-empty') && (await prisma.product.count()) > 0) {
    console.log('The database already has a catalogue: not seeding.');
    return;
  }
  const categoryIds = await seedCategories();
  await seedProducts(categoryIds);
  await seedUsers();
  console.log(
    `Seeded ${CATEGORIES.length} categories, ${PRODUCTS.length} products, ${SEED_USERS.length} users.`,
  );
}

try {
  await main();
} finally {
  await prisma.$disconnect();
}
