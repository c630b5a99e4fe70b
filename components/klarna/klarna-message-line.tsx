import type { KlarnaMessage } from '@/lib/on-site-messaging';

/**
 * Klarna's offer line as Klarna words it: in the market's language (marked with `lang`, so a
 * screen reader reads it in that language), with Klarna's name and its learn-more link.
 */
export function KlarnaMessageLine({ message, locale }: { message: KlarnaMessage; locale: string }) {
  return (
    <p lang={locale} className="text-sm leading-5 text-stone-800">
      <span className="mr-2 inline-block rounded bg-[#ffb3c7] px-1.5 text-xs leading-5 font-bold text-black">
        Klarna
      </span>
      <span data-testid="klarna-message-text">{message.text}</span>{' '}
      <a
        href={message.learnMore.url}
        className="font-medium text-stone-900 underline underline-offset-4 hover:text-stone-950 focus-visible:outline-2 focus-visible:outline-brand-700"
      >
        {message.learnMore.label}
      </a>
    </p>
  );
}
