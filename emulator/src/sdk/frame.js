// @ts-check
/**
 * Shared by the emulator's widget and approval pages, which run inside iframes on the merchant's
 * page. Messages go to the parent with an explicit target origin (the merchant origin the SDK
 * named in `?origin=`), and only messages from that origin and from the parent window are read.
 */
(function () {
  'use strict';
  var NS = 'klarna-emulator';
  var params = new URLSearchParams(window.location.search);
  var requested = params.get('origin') || '';
  var parentOrigin = '';
  try {
    parentOrigin = new URL(requested).origin === requested ? requested : '';
  } catch {
    parentOrigin = '';
  }
  // Where the browser can say who embeds us, the claimed origin must be that one.
  var ancestors = window.location.ancestorOrigins;
  if (ancestors && ancestors.length > 0 && ancestors[0] !== parentOrigin) parentOrigin = '';

  var sessionId = decodeURIComponent(window.location.pathname.split('/').pop() || '');

  /** An Express Checkout overlay learns its session once it has created it. @param {string} id */
  function useSession(id) {
    sessionId = id;
    /** @type {any} */ (window).KlarnaFrame.sessionId = id;
  }

  /** @param {Record<string, unknown>} message */
  function postToParent(message) {
    if (!parentOrigin || window.parent === window) return;
    window.parent.postMessage(Object.assign({ ns: NS }, message), parentOrigin);
  }

  /** @param {(message: Record<string, any>) => void} handler */
  function onParentMessage(handler) {
    window.addEventListener('message', function (event) {
      if (!parentOrigin || event.origin !== parentOrigin || event.source !== window.parent) return;
      var message = event.data;
      if (!message || typeof message !== 'object' || message.ns !== NS) return;
      handler(message);
    });
  }

  /**
   * POSTs to the emulator's browser API for this session; resolves with the JSON answer or
   * `null` when the emulator could not be reached or refused.
   * @param {string} action @param {Record<string, unknown>} body
   * @returns {Promise<any>}
   */
  function callApi(action, body) {
    return postJson('/kp/api/sessions/' + encodeURIComponent(sessionId) + '/' + action, body);
  }

  /**
   * POSTs JSON to an emulator path; resolves with the JSON answer or `null` when the emulator
   * could not be reached or refused.
   * @param {string} path @param {Record<string, unknown>} body
   * @returns {Promise<any>}
   */
  function postJson(path, body) {
    return fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .catch(function () {
        return null;
      });
  }

  /**
   * @param {number} minorUnits @param {string} currency @param {string} locale
   */
  function formatAmount(minorUnits, currency, locale) {
    try {
      var format = new Intl.NumberFormat(locale, { style: 'currency', currency: currency });
      var digits = format.resolvedOptions().maximumFractionDigits || 0;
      return format.format(minorUnits / Math.pow(10, digits));
    } catch {
      return minorUnits + ' ' + currency;
    }
  }

  /** @type {any} */ (window).KlarnaFrame = {
    parentOrigin: parentOrigin,
    sessionId: sessionId,
    postToParent: postToParent,
    onParentMessage: onParentMessage,
    callApi: callApi,
    postJson: postJson,
    useSession: useSession,
    formatAmount: formatAmount,
  };
})();
