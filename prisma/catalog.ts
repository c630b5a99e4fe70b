/*
 * The seeded catalogue. Prices are hand-picked local price points in minor units (not FX
 * conversions). SEK, EUR, GBP and AUD prices include VAT/GST; USD prices exclude US sales tax,
 * which is added at checkout. Tax rates are basis points (2500 = 25 %).
 */

export type Currency = 'SEK' | 'EUR' | 'GBP' | 'USD' | 'AUD';

type PerCurrency = Record<Currency, number>;

/** Tax rates per currency's market: SE, DE, GB, US (a sample city sales tax), AU. */
export const TAX_CLASSES = {
  standard: { SEK: 2500, EUR: 1900, GBP: 2000, USD: 825, AUD: 1000 },
  // Food: reduced VAT in SE and DE, zero-rated in GB, exempt from US sales tax.
  food: { SEK: 1200, EUR: 700, GBP: 0, USD: 0, AUD: 1000 },
  // Books: reduced VAT in SE and DE, zero-rated in GB.
  books: { SEK: 600, EUR: 700, GBP: 0, USD: 825, AUD: 1000 },
} as const satisfies Record<string, PerCurrency>;

export type TaxClass = keyof typeof TAX_CLASSES;

export interface SeedCategory {
  slug: string;
  name: string;
  description: string;
}

export interface SeedProduct {
  slug: string;
  name: string;
  description: string;
  category: string;
  taxClass: TaxClass;
  prices: PerCurrency;
  featured?: boolean;
  subscription?: 'MONTH' | 'YEAR';
  /**
   * Further pictures for the product page's gallery, after the main one (`/products/<slug>.svg`):
   * a file under public/products and what it shows.
   */
  images?: SeedImage[];
}

export interface SeedImage {
  file: string;
  alt: string;
}

/** In display order. */
export const CATEGORIES: SeedCategory[] = [
  {
    slug: 'kitchen',
    name: 'Kitchen',
    description: 'Stoneware, wood and enamel for everyday cooking and serving.',
  },
  {
    slug: 'home',
    name: 'Home',
    description: 'Textiles, light and small things that make a room feel lived in.',
  },
  {
    slug: 'coffee-tea',
    name: 'Coffee & Tea',
    description: 'Small-batch roasts and loose-leaf teas, packed to order.',
  },
  {
    slug: 'books-paper',
    name: 'Books & Paper',
    description: 'Cookbooks, guides and notebooks worth keeping.',
  },
  { slug: 'outdoor', name: 'Outdoor', description: 'Sturdy kit for walks, picnics and cold mornings.' },
  {
    slug: 'subscriptions',
    name: 'Subscriptions',
    description: 'Fresh coffee on a schedule. Cancel any time.',
  },
];

export const PRODUCTS: SeedProduct[] = [
  // Kitchen
  {
    slug: 'stoneware-espresso-cups',
    name: 'Stoneware Espresso Cups, set of 2',
    description: 'Hand-glazed 90 ml cups with a speckled finish. Dishwasher safe and made to stack.',
    category: 'kitchen',
    taxClass: 'standard',
    prices: { SEK: 24900, EUR: 2495, GBP: 2000, USD: 2400, AUD: 3995 },
    featured: true,
    images: [{ file: 'stoneware-espresso-cups-stacked.svg', alt: 'The two espresso cups stacked' }],
  },
  {
    slug: 'linen-tea-towel',
    name: 'Linen Tea Towel',
    description: 'Stonewashed European linen that dries glasses without lint and softens with every wash.',
    category: 'kitchen',
    taxClass: 'standard',
    prices: { SEK: 14900, EUR: 1495, GBP: 1200, USD: 1400, AUD: 2495 },
  },
  {
    slug: 'oak-cutting-board',
    name: 'Oak Cutting Board',
    description:
      'Solid oak, oiled by hand, with a juice groove on one side and a flat serving side on the other.',
    category: 'kitchen',
    taxClass: 'standard',
    prices: { SEK: 44900, EUR: 4495, GBP: 3800, USD: 4200, AUD: 6995 },
    featured: true,
    images: [
      {
        file: 'oak-cutting-board-serving-side.svg',
        alt: 'The board’s flat serving side with bread and cheese',
      },
      {
        file: 'oak-cutting-board-juice-groove.svg',
        alt: 'Close-up of the juice groove along the board’s edge',
      },
    ],
  },
  {
    slug: 'enamel-coffee-pot',
    name: 'Enamel Coffee Pot',
    description: 'A 1.5 litre pot for the stove or the campfire, in deep blue enamel over steel.',
    category: 'kitchen',
    taxClass: 'standard',
    prices: { SEK: 39900, EUR: 3995, GBP: 3400, USD: 3800, AUD: 5995 },
    images: [{ file: 'enamel-coffee-pot-campfire.svg', alt: 'The coffee pot over a campfire' }],
  },
  {
    slug: 'ceramic-pour-over-dripper',
    name: 'Ceramic Pour-Over Dripper',
    description: 'A slow, even extraction for one or two cups. Fits standard size 02 filters.',
    category: 'kitchen',
    taxClass: 'standard',
    prices: { SEK: 29900, EUR: 2995, GBP: 2500, USD: 2800, AUD: 4495 },
  },
  {
    slug: 'glass-storage-jars',
    name: 'Glass Storage Jars, set of 3',
    description: 'Airtight borosilicate jars with beech lids for beans, oats and flour.',
    category: 'kitchen',
    taxClass: 'standard',
    prices: { SEK: 34900, EUR: 3495, GBP: 2900, USD: 3200, AUD: 4995 },
  },
  // Home
  {
    slug: 'wool-throw-blanket',
    name: 'Wool Throw Blanket',
    description: 'Woven from Gotland lambswool in a simple herringbone. 130 × 180 cm.',
    category: 'home',
    taxClass: 'standard',
    prices: { SEK: 89900, EUR: 8995, GBP: 7500, USD: 8500, AUD: 13900 },
    featured: true,
    images: [{ file: 'wool-throw-blanket-herringbone.svg', alt: 'Close-up of the herringbone weave' }],
  },
  {
    slug: 'beeswax-candle-duo',
    name: 'Beeswax Candle Duo',
    description: 'Two hand-dipped pure beeswax candles that burn slowly and smell faintly of honey.',
    category: 'home',
    taxClass: 'standard',
    prices: { SEK: 19900, EUR: 1995, GBP: 1600, USD: 1800, AUD: 2995 },
  },
  {
    slug: 'hand-thrown-vase',
    name: 'Hand-Thrown Vase',
    description: 'A small stoneware vase in a matte sand glaze, thrown on the wheel so no two are alike.',
    category: 'home',
    taxClass: 'standard',
    prices: { SEK: 54900, EUR: 5495, GBP: 4500, USD: 5200, AUD: 8495 },
  },
  {
    slug: 'linen-cushion-cover',
    name: 'Linen Cushion Cover',
    description: 'Heavy linen with a hidden zip, 50 × 50 cm. The insert is not included.',
    category: 'home',
    taxClass: 'standard',
    prices: { SEK: 29900, EUR: 2995, GBP: 2500, USD: 2800, AUD: 4495 },
  },
  {
    slug: 'brass-reading-lamp',
    name: 'Brass Reading Lamp',
    description: 'A compact table lamp in brushed brass with a linen shade and a warm 2700 K bulb.',
    category: 'home',
    taxClass: 'standard',
    prices: { SEK: 129900, EUR: 12900, GBP: 11000, USD: 12500, AUD: 19900 },
    featured: true,
  },
  {
    slug: 'woven-storage-basket',
    name: 'Woven Storage Basket',
    description: 'Seagrass basket with leather handles for blankets, toys or firewood.',
    category: 'home',
    taxClass: 'standard',
    prices: { SEK: 39900, EUR: 3995, GBP: 3200, USD: 3600, AUD: 5995 },
  },
  // Coffee & Tea
  {
    slug: 'nordic-roast-beans',
    name: 'Nordic Roast Coffee Beans, 500 g',
    description: 'A balanced medium roast with notes of hazelnut and dark chocolate. Whole beans.',
    category: 'coffee-tea',
    taxClass: 'food',
    prices: { SEK: 17900, EUR: 1695, GBP: 1400, USD: 1800, AUD: 2800 },
    featured: true,
    images: [{ file: 'nordic-roast-beans-whole-beans.svg', alt: 'Whole roasted beans in a bowl' }],
  },
  {
    slug: 'ethiopia-light-roast',
    name: 'Ethiopia Light Roast, 250 g',
    description: 'A washed Yirgacheffe roasted light for filter: jasmine, bergamot and stone fruit.',
    category: 'coffee-tea',
    taxClass: 'food',
    prices: { SEK: 14900, EUR: 1395, GBP: 1100, USD: 1500, AUD: 2200 },
  },
  {
    slug: 'swiss-water-decaf',
    name: 'Swiss Water Decaf, 250 g',
    description: 'Decaffeinated with water alone, so it still tastes of caramel and cocoa.',
    category: 'coffee-tea',
    taxClass: 'food',
    prices: { SEK: 12900, EUR: 1295, GBP: 1000, USD: 1400, AUD: 2000 },
  },
  {
    slug: 'sencha-green-tea',
    name: 'Sencha Green Tea, 100 g',
    description: 'A bright, grassy first-flush sencha from Shizuoka. Loose leaf.',
    category: 'coffee-tea',
    taxClass: 'food',
    prices: { SEK: 11900, EUR: 1195, GBP: 950, USD: 1200, AUD: 1800 },
  },
  {
    slug: 'earl-grey-tea',
    name: 'Earl Grey, 100 g',
    description: 'Black Ceylon tea with real bergamot oil and a few cornflower petals.',
    category: 'coffee-tea',
    taxClass: 'food',
    prices: { SEK: 9900, EUR: 995, GBP: 800, USD: 1000, AUD: 1500 },
  },
  {
    slug: 'cardamom-chai-blend',
    name: 'Cardamom Chai Blend, 100 g',
    description: 'Assam with green cardamom, cinnamon, ginger and clove. Brew it strong with milk.',
    category: 'coffee-tea',
    taxClass: 'food',
    prices: { SEK: 10900, EUR: 1095, GBP: 900, USD: 1100, AUD: 1700 },
  },
  // Books & Paper
  {
    slug: 'nordic-baking-book',
    name: 'Nordic Baking',
    description:
      'Cardamom buns, rye loaves and cinnamon knots: 80 recipes from Scandinavian kitchens. Hardback.',
    category: 'books-paper',
    taxClass: 'books',
    prices: { SEK: 32900, EUR: 3200, GBP: 2500, USD: 3000, AUD: 4999 },
    featured: true,
  },
  {
    slug: 'coffee-atlas-book',
    name: 'The Coffee Atlas',
    description: 'Maps, growers and flavour notes from forty coffee regions, with brewing guides. Hardback.',
    category: 'books-paper',
    taxClass: 'books',
    prices: { SEK: 37900, EUR: 3600, GBP: 3000, USD: 3500, AUD: 5499 },
  },
  {
    slug: 'dot-grid-notebook',
    name: 'Dot-Grid Notebook, A5',
    description: '192 numbered pages of 100 g paper that takes fountain pen ink without bleeding.',
    category: 'books-paper',
    // A notebook is stationery, not a book, so it carries the standard rate.
    taxClass: 'standard',
    prices: { SEK: 19900, EUR: 1995, GBP: 1600, USD: 1800, AUD: 2995 },
  },
  // Outdoor
  {
    slug: 'enamel-camp-mug',
    name: 'Enamel Camp Mug',
    description: 'A 350 ml mug that survives drops, campfires and years in a rucksack.',
    category: 'outdoor',
    taxClass: 'standard',
    prices: { SEK: 14900, EUR: 1495, GBP: 1200, USD: 1400, AUD: 2295 },
  },
  {
    slug: 'insulated-steel-bottle',
    name: 'Insulated Steel Bottle, 750 ml',
    description: 'Keeps coffee hot for 12 hours and water cold for 24. Leak-proof lid.',
    category: 'outdoor',
    taxClass: 'standard',
    prices: { SEK: 34900, EUR: 3495, GBP: 2900, USD: 3200, AUD: 4995 },
  },
  {
    slug: 'merino-beanie',
    name: 'Merino Beanie',
    description: 'A rib-knit beanie in soft, itch-free merino wool. One size.',
    category: 'outdoor',
    taxClass: 'standard',
    prices: { SEK: 34900, EUR: 3495, GBP: 2800, USD: 3200, AUD: 4995 },
  },
  // Subscriptions
  {
    slug: 'coffee-club-monthly',
    name: 'Coffee Club, monthly',
    description: 'A fresh 500 g bag of the roaster’s pick every month, shipped within two days of roasting.',
    category: 'subscriptions',
    taxClass: 'food',
    prices: { SEK: 19900, EUR: 1900, GBP: 1600, USD: 2000, AUD: 3000 },
    subscription: 'MONTH',
    featured: true,
    images: [
      { file: 'coffee-club-monthly-opened.svg', alt: 'An opened box with a bag of beans and a brewing card' },
    ],
  },
  {
    slug: 'coffee-club-yearly',
    name: 'Coffee Club, yearly',
    description: 'Twelve monthly deliveries of the roaster’s pick, paid once a year: two months free.',
    category: 'subscriptions',
    taxClass: 'food',
    prices: { SEK: 199000, EUR: 19000, GBP: 16000, USD: 20000, AUD: 30000 },
    subscription: 'YEAR',
  },
];

export const SEED_USERS = [
  { email: 'admin@example.com', name: 'Store Admin', password: 'admin-password', role: 'ADMIN' },
  { email: 'shopper@example.com', name: 'Sam Shopper', password: 'shopper-password', role: 'CUSTOMER' },
] as const;
