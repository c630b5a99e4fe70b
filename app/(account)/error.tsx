'use client';

// The same error page, but inside this group's layout, so the shop's header stays above it.
export { default } from '../error';
