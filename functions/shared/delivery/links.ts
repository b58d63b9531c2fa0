/**
 * Invitation links: the token rides in the URL's fragment (`.../accept#token=...`). A
 * fragment is never sent in an HTTP request, so the token reaches no server's access log,
 * no Referer header and no link scanner or preview fetch: only the accept page's script
 * reads it, and posts it when the invitee presses the button.
 */
export function invitationLink(linkBaseUrl: string, token: string): string {
  const link = new URL(linkBaseUrl);
  link.hash = new URLSearchParams({ token }).toString();
  return link.href;
}

/** The token of an invitation link, or undefined. */
export function tokenOfLink(link: string): string | undefined {
  if (!URL.canParse(link)) return undefined;
  return new URLSearchParams(new URL(link).hash.slice(1)).get('token') ?? undefined;
}
