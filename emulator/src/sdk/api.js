// @ts-check
/**
 * Stand-in for Klarna's Payments JS SDK (`https://x.klarnacdn.net/kp/lib/v1/api.js`), served by the
 * emulator at `/kp/lib/v1/api.js`. Same global (`window.Klarna.Payments`), same methods, callback
 * objects and thrown error names (api-reference §7). The payment method renders in a cross-origin
 * iframe from the emulator; `authorize()` opens the emulator's approval page in a fullscreen overlay
 * iframe. Frames and page talk through postMessage with explicit target origins and origin checks.
 */
(function () {
  'use strict';

  /** The emulator's origin: where this script came from (the server fills in a fallback). */
  var EMULATOR_ORIGIN = (function () {
    var script = document.currentScript;
    if (script instanceof HTMLScriptElement && script.src) {
      try {
        return new URL(script.src).origin;
      } catch {
        /* fall through */
      }
    }
    return '__EMULATOR_ORIGIN__';
  })();
  var NS = 'klarna-emulator';
  var FRAME_READY_TIMEOUT_MS = 15000;
  var INLINE_TITLE = 'Klarna payment method';
  var OVERLAY_TITLE = 'Klarna checkout';
  var EVENTS = ['heightChanged', 'fullscreenOverlayShown', 'fullscreenOverlayHidden'];
  var PREFERRED_METHODS = [
    'invoice',
    'fixed_amount',
    'base_account',
    'direct_debit',
    'direct_bank_transfer',
    'card',
    'pay_later_by_card',
  ];

  /**
   * Errors carry Klarna's names (`error.name === 'InvalidClientTokenError'`) and are exposed as
   * `Klarna.Payments.Errors.*` for `instanceof` checks.
   * @param {string} name
   */
  function defineError(name) {
    var KlarnaSdkError = class extends Error {
      /** @param {string} [message] */
      constructor(message) {
        super(message || name);
        this.name = name;
      }
    };
    Object.defineProperty(KlarnaSdkError, 'name', { value: name });
    return KlarnaSdkError;
  }

  var Errors = {
    InvalidClientTokenError: defineError('InvalidClientTokenError'),
    ApplicationNotInitializedError: defineError('ApplicationNotInitializedError'),
    ApplicationNotLoadedError: defineError('ApplicationNotLoadedError'),
    InvalidContainerSelectorError: defineError('InvalidContainerSelectorError'),
    PaymentMethodCategoryNotProvidedError: defineError('PaymentMethodCategoryNotProvidedError'),
    PaymentMethodCategoryNotSupportedError: defineError('PaymentMethodCategoryNotSupportedError'),
    PreferredPaymentMethodNotSupportedError: defineError('PreferredPaymentMethodNotSupportedError'),
    EventNotSupportedError: defineError('EventNotSupportedError'),
    OperationNotSupportedError: defineError('OperationNotSupportedError'),
  };

  /**
   * @typedef {{ show_form: boolean, error?: { invalid_fields: string[] } }} LoadResult
   * @typedef {{ approved: boolean, show_form: boolean, authorization_token?: string, finalize_required?: boolean, error?: { invalid_fields: string[] } }} AuthorizeResult
   * @typedef {{ key: string, category: string, iframe: HTMLIFrameElement, ready: boolean, loaded: boolean, queue: Array<Record<string, unknown>> }} Instance
   * @typedef {(value?: any) => void} Listener
   * @typedef {{ iframe: HTMLIFrameElement, shown: boolean, done: (result: AuthorizeResult) => void, message: Record<string, unknown>, returnFocus: Element | null }} Overlay
   */

  var state = {
    /** @type {string | null} */ clientToken: null,
    /** @type {string | null} */ sessionId: null,
    /** @type {Map<string, Instance>} */ instances: new Map(),
    /** @type {Record<string, Listener[]>} */ listeners: {
      heightChanged: [],
      fullscreenOverlayShown: [],
      fullscreenOverlayHidden: [],
    },
    /** @type {Overlay | null} */
    overlay: null,
    /** @type {Map<string, (result: any) => void>} */ pending: new Map(),
    requestSeq: 0,
  };

  /** @param {string} token */
  function decodeJwtPayload(token) {
    var parts = token.split('.');
    if (parts.length !== 3 || !parts[0] || !parts[1]) return null;
    try {
      var base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
      while (base64.length % 4) base64 += '=';
      var payload = JSON.parse(atob(base64));
      return payload && typeof payload === 'object' ? payload : null;
    } catch {
      return null;
    }
  }

  /** @param {string} event @param {unknown} [value] */
  function emit(event, value) {
    var handlers = (state.listeners[event] || []).slice();
    for (var i = 0; i < handlers.length; i++) {
      try {
        /** @type {Listener} */ (handlers[i])(value);
      } catch (error) {
        setTimeout(function () {
          throw error;
        });
      }
    }
  }

  /**
   * Accepts `(options, callback)` and `(options, data, callback)`.
   * @param {IArguments} args
   * @returns {{ options: Record<string, any>, data: Record<string, unknown> | undefined, callback: (result: any) => void }}
   */
  function readArguments(args) {
    var options = args[0] && typeof args[0] === 'object' ? args[0] : {};
    var data = typeof args[1] === 'function' ? undefined : args[1];
    var callback = typeof args[1] === 'function' ? args[1] : args[2];
    return {
      options: options,
      data: data && typeof data === 'object' ? data : undefined,
      callback: typeof callback === 'function' ? callback : function () {},
    };
  }

  /** @param {Record<string, any>} options */
  function categoryOf(options) {
    if (typeof options.payment_method_category === 'string' && options.payment_method_category) {
      return {
        category: options.payment_method_category,
        key: options.instance_id || options.payment_method_category,
      };
    }
    if (Array.isArray(options.payment_method_categories) && options.payment_method_categories.length > 0) {
      if (!options.instance_id) return null;
      return { category: String(options.payment_method_categories[0]), key: String(options.instance_id) };
    }
    return null;
  }

  /** @param {string} path */
  function frameUrl(path) {
    return (
      EMULATOR_ORIGIN +
      path +
      '/' +
      encodeURIComponent(state.sessionId || '') +
      '?origin=' +
      encodeURIComponent(window.location.origin)
    );
  }

  /** @param {HTMLIFrameElement} iframe @param {Record<string, unknown>} message */
  function post(iframe, message) {
    if (!iframe.contentWindow) return;
    iframe.contentWindow.postMessage(Object.assign({ ns: NS }, message), EMULATOR_ORIGIN);
  }

  /** @param {Instance} instance @param {Record<string, unknown>} message */
  function send(instance, message) {
    if (instance.ready) post(instance.iframe, message);
    else instance.queue.push(message);
  }

  /** @param {Instance} instance @param {string} type @param {Record<string, unknown>} payload @param {(result: any) => void} resolve @param {any} fallback */
  function request(instance, type, payload, resolve, fallback) {
    var id = String(++state.requestSeq);
    var timer = setTimeout(function () {
      if (state.pending.delete(id)) resolve(fallback);
    }, FRAME_READY_TIMEOUT_MS);
    state.pending.set(id, function (result) {
      clearTimeout(timer);
      resolve(result);
    });
    send(
      instance,
      Object.assign(
        {
          type: type,
          requestId: id,
          client_token: state.clientToken,
          payment_method_category: instance.category,
        },
        payload,
      ),
    );
  }

  /** @param {MessageEvent} event */
  function onMessage(event) {
    if (event.origin !== EMULATOR_ORIGIN) return;
    var message = event.data;
    if (!message || typeof message !== 'object' || message.ns !== NS) return;

    var overlay = state.overlay;
    if (overlay && event.source === overlay.iframe.contentWindow) {
      onOverlayMessage(overlay, message);
      return;
    }
    state.instances.forEach(function (instance) {
      if (event.source !== instance.iframe.contentWindow) return;
      if (message.type === 'ready') {
        instance.ready = true;
        var queued = instance.queue.splice(0);
        for (var i = 0; i < queued.length; i++)
          post(instance.iframe, /** @type {Record<string, unknown>} */ (queued[i]));
      } else if (message.type === 'height' && typeof message.height === 'number') {
        var height = Math.max(0, Math.round(message.height));
        if (instance.iframe.style.height !== height + 'px') {
          instance.iframe.style.height = height + 'px';
          emit('heightChanged', height);
        }
      } else if (message.type === 'result' && typeof message.requestId === 'string') {
        var resolve = state.pending.get(message.requestId);
        if (resolve) {
          state.pending.delete(message.requestId);
          resolve(message.result);
        }
      }
    });
  }

  /** @param {Overlay} overlay @param {Record<string, any>} message */
  function onOverlayMessage(overlay, message) {
    if (message.type === 'ready') {
      overlay.iframe.focus();
      post(overlay.iframe, overlay.message);
    } else if (message.type === 'shown') {
      // The dialog has focused its first field; make sure keyboard focus is in the overlay frame.
      overlay.iframe.focus();
      if (!overlay.shown) {
        overlay.shown = true;
        emit('fullscreenOverlayShown');
      }
    } else if (message.type === 'result') {
      closeOverlay(message.result);
    }
  }

  /**
   * Escape pressed while focus is on the merchant page behind the overlay: the overlay decides
   * what it means (cancel, or close a decline), as if pressed inside it. Forwarded from the moment
   * the overlay opens: keyboard focus reaches a cross-origin frame a moment after its dialog shows.
   * @param {KeyboardEvent} event
   */
  function onPageKeydown(event) {
    var overlay = state.overlay;
    if (!overlay || event.key !== 'Escape') return;
    event.preventDefault();
    post(overlay.iframe, { type: 'escape' });
  }
  document.addEventListener('keydown', onPageKeydown);

  /** @param {AuthorizeResult} result */
  function closeOverlay(result) {
    var overlay = state.overlay;
    if (!overlay) return;
    state.overlay = null;
    overlay.iframe.remove();
    if (overlay.shown) emit('fullscreenOverlayHidden');
    var returnFocus = overlay.returnFocus;
    if (returnFocus instanceof HTMLElement && document.contains(returnFocus)) returnFocus.focus();
    overlay.done(result);
  }

  window.addEventListener('message', onMessage);

  var Payments = {
    Errors: Errors,

    /** @param {{ client_token?: unknown }} options */
    init: function (options) {
      var token = options && options.client_token;
      var payload = typeof token === 'string' ? decodeJwtPayload(token) : null;
      if (!payload || typeof payload.session_id !== 'string') {
        throw new Errors.InvalidClientTokenError('The client token is not a valid JWT');
      }
      state.instances.forEach(function (instance) {
        instance.iframe.remove();
      });
      state.instances.clear();
      state.clientToken = /** @type {string} */ (token);
      state.sessionId = payload.session_id;
    },

    load: function () {
      var args = readArguments(arguments);
      var callback = args.callback;
      /** @param {Error} error */
      function fail(error) {
        callback({ show_form: false });
        throw error;
      }
      if (!state.clientToken) return fail(new Errors.ApplicationNotInitializedError());
      var container =
        args.options.container === undefined ? '#klarna-payments-container' : args.options.container;
      var element = null;
      if (container instanceof HTMLElement) element = container;
      else if (typeof container === 'string') {
        try {
          element = document.querySelector(container);
        } catch {
          element = null;
        }
      }
      if (!(element instanceof HTMLElement)) return fail(new Errors.InvalidContainerSelectorError());
      var selected = categoryOf(args.options);
      if (!selected) return fail(new Errors.PaymentMethodCategoryNotProvidedError());
      var preferred = args.options.preferred_payment_method;
      if (preferred !== undefined && PREFERRED_METHODS.indexOf(preferred) === -1) {
        return fail(new Errors.PreferredPaymentMethodNotSupportedError());
      }

      var previous = state.instances.get(selected.key);
      if (previous) previous.iframe.remove();
      var iframe = document.createElement('iframe');
      iframe.title = INLINE_TITLE;
      iframe.name = 'klarna-' + selected.key + '-main';
      iframe.id = 'klarna-' + selected.key + '-main';
      iframe.src = frameUrl('/kp/widget');
      iframe.setAttribute('scrolling', 'no');
      iframe.style.cssText = 'display:block;width:100%;height:0;border:0;overflow:hidden;';
      /** @type {Instance} */
      var instance = {
        key: selected.key,
        category: selected.category,
        iframe: iframe,
        ready: false,
        loaded: false,
        queue: [],
      };
      state.instances.set(selected.key, instance);
      element.innerHTML = '';
      element.appendChild(iframe);

      request(
        instance,
        'load',
        { data: args.data },
        function (/** @type {LoadResult} */ result) {
          instance.loaded = true;
          callback(result);
        },
        { show_form: false },
      );
    },

    authorize: function () {
      var args = readArguments(arguments);
      var callback = args.callback;
      var selected = categoryOf(args.options);
      var instance = selected ? state.instances.get(selected.key) : undefined;
      if (!state.clientToken || state.instances.size === 0) {
        callback({ approved: false, show_form: false });
        throw new Errors.ApplicationNotLoadedError();
      }
      if (!selected || !instance || instance.category !== selected.category) {
        callback({ approved: false, show_form: false });
        throw new Errors.PaymentMethodCategoryNotSupportedError();
      }
      if (!instance.loaded) {
        callback({ approved: false, show_form: false });
        throw new Errors.ApplicationNotLoadedError();
      }
      // One approval at a time: a second click while the overlay is open is ignored.
      if (state.overlay) return;

      var iframe = document.createElement('iframe');
      iframe.title = OVERLAY_TITLE;
      iframe.id = 'klarna-' + instance.key + '-fullscreen';
      iframe.name = 'klarna-' + instance.key + '-fullscreen';
      iframe.src = frameUrl('/kp/authorize');
      iframe.setAttribute('allowtransparency', 'true');
      iframe.style.cssText =
        'position:fixed;inset:0;width:100%;height:100%;border:0;margin:0;padding:0;z-index:2147483647;background:transparent;color-scheme:normal;';
      var timer = setTimeout(function () {
        if (state.overlay && state.overlay.iframe === iframe && !state.overlay.shown)
          closeOverlay({ approved: false, show_form: true });
      }, FRAME_READY_TIMEOUT_MS);
      state.overlay = {
        iframe: iframe,
        shown: false,
        returnFocus: document.activeElement,
        message: {
          type: 'authorize',
          client_token: state.clientToken,
          payment_method_category: instance.category,
          auto_finalize: args.options.auto_finalize !== false,
          data: args.data,
        },
        done: function (result) {
          clearTimeout(timer);
          callback(result);
        },
      };
      document.body.appendChild(iframe);
    },

    finalize: function () {
      var args = readArguments(arguments);
      var instance = requireLoaded(args.options);
      request(instance, 'finalize', { data: args.data }, args.callback, {
        approved: false,
        show_form: false,
      });
    },

    reauthorize: function () {
      var args = readArguments(arguments);
      var instance = requireLoaded(args.options);
      request(instance, 'reauthorize', { data: args.data }, args.callback, {
        approved: false,
        show_form: false,
      });
    },

    loadPaymentReview: function () {
      throw new Errors.OperationNotSupportedError('loadPaymentReview is not emulated');
    },

    /** @param {string} event @param {Listener} handler */
    on: function (event, handler) {
      if (EVENTS.indexOf(event) === -1)
        throw new Errors.EventNotSupportedError('Unsupported event: ' + event);
      if (typeof handler === 'function') /** @type {Listener[]} */ (state.listeners[event]).push(handler);
    },

    /** @param {string} event @param {Listener} [handler] */
    off: function (event, handler) {
      if (EVENTS.indexOf(event) === -1) return;
      state.listeners[event] = handler
        ? /** @type {Listener[]} */ (state.listeners[event]).filter(function (candidate) {
            return candidate !== handler;
          })
        : [];
    },
  };

  /** @param {Record<string, any>} options */
  function requireLoaded(options) {
    if (!state.clientToken) throw new Errors.ApplicationNotInitializedError();
    var selected = categoryOf(options);
    if (!selected) throw new Errors.PaymentMethodCategoryNotProvidedError();
    var instance = state.instances.get(selected.key);
    if (!instance || !instance.loaded) {
      if (state.instances.size === 0) throw new Errors.ApplicationNotLoadedError();
      throw new Errors.PaymentMethodCategoryNotSupportedError();
    }
    if (instance.category !== selected.category) throw new Errors.PaymentMethodCategoryNotSupportedError();
    return instance;
  }

  var global = /** @type {any} */ (window);
  global.Klarna = global.Klarna || {};
  global.Klarna.Payments = Payments;

  if (typeof global.klarnaAsyncCallback === 'function') {
    try {
      global.klarnaAsyncCallback();
    } catch (error) {
      setTimeout(function () {
        throw error;
      });
    }
  }
})();
