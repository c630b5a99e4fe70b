import { env } from '@/lib/env';
import type { Metadata, Viewport } from 'next';
import localFont from 'next/font/local';
import type { ReactNode } from 'react';
import './globals.css';
import { Providers } from './providers';

// Self-hosted: next/font/google needs the internet at build time.
const inter = localFont({
  src: '../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2',
  variable: '--font-inter',
  display: 'swap',
});

export const metadata: Metadata = {
  // Canonical links are written as paths; this makes them the absolute URLs crawlers expect.
  metadataBase: new URL(env.APP_URL),
  title: { default: 'Nordlys Store', template: '%s · Nordlys Store' },
  description: 'Everyday goods for home, kitchen and coffee, paid with Klarna.',
  icons: {
    icon: [
      { url: '/favicon.ico', sizes: '32x32' },
      { url: '/favicon.svg', type: 'image/svg+xml' },
    ],
  },
};

export const viewport: Viewport = {
  themeColor: '#d63f7c',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className={inter.variable}>
      <body className="min-h-screen font-sans antialiased">
        {/* The shop's header and footer come from the (shop) and (account) layouts; /admin has its own. */}
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
