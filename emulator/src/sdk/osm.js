// Klarna's on-site messaging library as the emulator serves it (`/osm/lib.js`). A page loads it
// with `<script async src=".../osm/lib.js" data-client-id="…">` and writes placements as Klarna
// documents them:
//
//   <klarna-placement data-key="credit-promotion-badge" data-locale="sv-SE" data-purchase-amount="129900">
//
// Each placement shows the message the messaging API gives for its attributes, and shows it again
// when an attribute changes or the page calls `Klarna.OnsiteMessaging.refresh()`. Where Klarna has
// no message (the amount is outside every offer) the placement stays empty.
(function () {
  'use strict';
  const script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
  if (!script) return;
  const origin = new URL(script.src).origin;
  const clientId = script.dataset.clientId || '';
  if (!clientId)
    console.warn('Klarna on-site messaging: the script tag has no data-client-id; placements stay empty.');

  /** @param {string} country */
  function regionOf(country) {
    if (country === 'US' || country === 'CA' || country === 'MX') return 'na';
    if (country === 'AU' || country === 'NZ') return 'oc';
    return 'eu';
  }

  const STYLE =
    ':host{display:inline}' +
    '[part=osm-container]{display:inline-flex;flex-wrap:wrap;align-items:center;gap:.35em}' +
    '[part=osm-logo]{height:1.1em;width:auto;vertical-align:middle}' +
    '[part=osm-cta]{color:inherit}';

  class KlarnaPlacement extends HTMLElement {
    static get observedAttributes() {
      return ['data-key', 'data-locale', 'data-purchase-amount'];
    }

    constructor() {
      super();
      this.attachShadow({ mode: 'open' });
      /** @type {AbortController | null} */
      this.pending = null;
    }

    connectedCallback() {
      void this.render();
    }

    attributeChangedCallback() {
      if (this.isConnected) void this.render();
    }

    /** Asks the messaging API for this placement's message; a newer call cancels an older one. */
    async render() {
      this.pending?.abort();
      const pending = new AbortController();
      this.pending = pending;
      const locale = this.dataset.locale || '';
      const query = new URLSearchParams({
        client_id: clientId,
        placement_key: this.dataset.key || '',
        locale,
      });
      const amount = this.dataset.purchaseAmount;
      if (amount) query.set('purchase_amount', amount);
      const url = `${origin}/${regionOf(locale.slice(3).toUpperCase())}/messaging/v3?${query}`;
      /** @type {{ content: { nodes: { name: string, value?: string, url?: string, label?: string, alt?: string }[] } } | null} */
      let message = null;
      try {
        const response = await fetch(url, { signal: pending.signal });
        if (response.status === 200) message = await response.json();
        else if (response.status !== 204)
          console.warn(`Klarna on-site messaging: ${response.status} for ${url}`);
      } catch (error) {
        if (pending.signal.aborted) return;
        console.warn('Klarna on-site messaging: the messaging API did not answer', error);
      }
      if (pending.signal.aborted) return;
      this.show(message);
      this.dispatchEvent(
        new CustomEvent('klarna-placement-rendered', { detail: { shown: message !== null } }),
      );
    }

    /** @param {{ content: { nodes: { name: string, value?: string, url?: string, label?: string, alt?: string }[] } } | null} message */
    show(message) {
      const root = /** @type {ShadowRoot} */ (this.shadowRoot);
      root.replaceChildren();
      if (!message) return;
      const style = document.createElement('style');
      style.textContent = STYLE;
      const container = document.createElement('span');
      container.setAttribute('part', 'osm-container');
      for (const node of message.content.nodes) {
        if (node.name === 'TEXT_MAIN') {
          const text = document.createElement('span');
          text.setAttribute('part', 'osm-message');
          text.textContent = node.value || '';
          container.append(text);
        } else if (node.name === 'KLARNA_LOGO' && node.url) {
          const logo = document.createElement('img');
          logo.setAttribute('part', 'osm-logo');
          logo.src = node.url;
          logo.alt = node.alt || 'Klarna';
          container.append(logo);
        } else if (node.name === 'ACTION_LEARN_MORE' && node.url) {
          const link = document.createElement('a');
          link.setAttribute('part', 'osm-cta');
          link.href = node.url;
          link.target = '_blank';
          link.rel = 'noopener';
          link.textContent = node.label || 'Learn more';
          container.append(link);
        }
      }
      root.append(style, container);
    }
  }

  if (!customElements.get('klarna-placement')) customElements.define('klarna-placement', KlarnaPlacement);

  const klarna = /** @type {any} */ (window).Klarna || {};
  klarna.OnsiteMessaging = {
    /** Shows every placement's message again, e.g. after the page changed an amount. */
    refresh() {
      for (const placement of document.querySelectorAll('klarna-placement')) {
        void (/** @type {KlarnaPlacement} */ (placement).render());
      }
    },
  };
  /** @type {any} */ (window).Klarna = klarna;
  /** @type {any} */ (window).KlarnaOnsiteService = { loaded: true };
})();
