/**
 * Marks the element that shows a form's refusal when it is about no one field (a wrong password,
 * an order that changed meanwhile), so useFocusAfterRefusal can put focus on it (`tabIndex` -1).
 * A module of its own, without hooks, so server-rendered markup can use it too.
 */
export const REFUSAL_MESSAGE = { 'data-refusal-message': '', tabIndex: -1 } as const;

export const REFUSAL_MESSAGE_SELECTOR = '[data-refusal-message]';
