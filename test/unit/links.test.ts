/** Invitation links carry the token in the fragment, which no request sends to a server. */
import { expect, test } from 'vitest';
import { invitationLink, tokenOfLink } from '../../functions/shared/delivery/links.ts';

test('the token is in the fragment, not the path or the query', () => {
  const link = new URL(invitationLink('https://app.example.com/invitations/accept', 'a-B_9'));
  expect(link.hash).toBe('#token=a-B_9');
  expect(link.search).toBe('');
  expect(link.origin + link.pathname).toBe('https://app.example.com/invitations/accept');
  expect(tokenOfLink(link.href)).toBe('a-B_9');
});

test("a base URL's own query stays; a fragment it had is replaced", () => {
  const link = invitationLink('https://app.example.com/accept?lang=de#old', 'tok');
  expect(link).toBe('https://app.example.com/accept?lang=de#token=tok');
});

test('no token: undefined', () => {
  expect(tokenOfLink('https://app.example.com/accept?token=leaked')).toBeUndefined();
  expect(tokenOfLink('not a url')).toBeUndefined();
});
